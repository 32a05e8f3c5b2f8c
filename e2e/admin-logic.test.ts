/**
 * Pure logic of the webhooks and audit log pages (web/src/pages/manager/admin-logic.ts),
 * tested in Node: the audit list's query string, the one-line details summary, which
 * deliveries can be retried, the event checkboxes and the webhook form's checks.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { auditPath, canRetry, compactDetails, toggleEvent, webhookFormError, WEBHOOK_EVENTS } from '../web/src/pages/manager/admin-logic.ts';

const query = (path: string) => Object.fromEntries(new URL(path, 'http://x').searchParams);

describe('auditPath', () => {
  it('leaves blank filters out and trims the others', () => {
    expect(auditPath({}, null)).toBe('/audit?limit=50');
    expect(query(auditPath({ action: '  ', actor: '', target: ' ' }, null))).toEqual({ limit: '50' });
    expect(query(auditPath({ action: ' webhook.create ', actor: ' 7 ', target: 'project:12' }, 41, 20))).toEqual({
      limit: '20',
      action: 'webhook.create',
      actor: '7',
      target: 'project:12',
      cursor: '41',
    });
  });
  it('encodes what it is given and refuses an actor that is not a user id', () => {
    expect(query(auditPath({ target: 'a&b=c' }, null)).target).toBe('a&b=c');
    expect(() => auditPath({ actor: 'olive' }, null)).toThrow(/user id/);
    expect(() => auditPath({ actor: '-1' }, null)).toThrow(/user id/);
  });
});

describe('compactDetails', () => {
  it('writes key=value pairs, arrays joined, objects as JSON', () => {
    expect(compactDetails({ url: 'http://h/x', events: ['task.completed', 'import.completed'] })).toBe('url=http://h/x events=task.completed,import.completed');
    expect(compactDetails({ from: 'annotator', to: 'admin', n: 3, ok: true, none: null })).toBe('from=annotator to=admin n=3 ok=true none=null');
    expect(compactDetails({ batch: { id: 1 } })).toBe('batch={"id":1}');
    expect(compactDetails({})).toBe('');
    expect(compactDetails(null)).toBe('');
  });
  it('never exceeds the limit, and ends in an ellipsis only when it cut', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), fc.jsonValue()), fc.integer({ min: 2, max: 200 }), (details, max) => {
        const full = compactDetails(details, Number.MAX_SAFE_INTEGER);
        const line = compactDetails(details, max);
        expect(line.length).toBeLessThanOrEqual(max);
        if (full.length <= max) expect(line).toBe(full);
        else expect(line).toBe(`${full.slice(0, max - 1)}…`);
      }),
    );
  });
});

describe('canRetry', () => {
  it('allows delivered and failed, not pending or unknown', () => {
    expect(canRetry('delivered')).toBe(true);
    expect(canRetry('failed')).toBe(true);
    expect(canRetry('pending')).toBe(false);
    expect(canRetry('')).toBe(false);
  });
});

describe('toggleEvent', () => {
  it('keeps the known order, no duplicates, and keeps unknown events', () => {
    expect(toggleEvent([], 'import.completed', true)).toEqual(['import.completed']);
    expect(toggleEvent(['import.completed'], 'task.completed', true)).toEqual(['task.completed', 'import.completed']);
    expect(toggleEvent(['task.completed'], 'task.completed', true)).toEqual(['task.completed']);
    expect(toggleEvent(['task.completed', 'x.old'], 'task.completed', false)).toEqual(['x.old']);
  });
  it('any sequence of toggles ends with exactly the events last turned on', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(...WEBHOOK_EVENTS), fc.boolean())), (ops) => {
        let events: string[] = [];
        const on = new Set<string>();
        for (const [e, v] of ops) {
          events = toggleEvent(events, e, v);
          if (v) on.add(e);
          else on.delete(e);
        }
        expect(events).toEqual(WEBHOOK_EVENTS.filter((e) => on.has(e)));
      }),
    );
  });
});

describe('webhookFormError', () => {
  it('says what to fix', () => {
    expect(webhookFormError('', ['task.completed'])).toMatch(/Enter the URL/);
    expect(webhookFormError('example.com/hook', ['task.completed'])).toMatch(/not an absolute URL/);
    expect(webhookFormError('ftp://example.com/hook', ['task.completed'])).toMatch(/http:\/\/ or https:\/\//);
    expect(webhookFormError('https://example.com/hook', [])).toMatch(/at least one event/);
    expect(webhookFormError(' https://example.com/hook ', ['task.completed'])).toBeNull();
    expect(webhookFormError('http://127.0.0.1:8080/x', ['import.completed'])).toBeNull();
  });
});
