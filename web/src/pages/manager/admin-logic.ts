/**
 * Pure helpers of the webhooks and audit log pages (tested in Node by
 * e2e/admin-logic.test.ts): the audit list's query string, a one-line summary of an
 * entry's details, which deliveries can be retried, and the event checkbox model.
 */

/** The events a webhook can subscribe to (docs/api.md, Webhooks). */
export const WEBHOOK_EVENTS = ['task.completed', 'project.completed', 'import.completed'] as const;

export interface AuditFilters {
  action?: string;
  /** A user id, as typed (validated by {@link auditPath}). */
  actor?: string;
  target?: string;
}

/**
 * The GET /audit path for these filters and page: blank filters are left out, a
 * non-numeric actor is an error the page shows instead of sending it.
 */
export function auditPath(filters: AuditFilters, cursor: number | null, limit = 50): string {
  const q = new URLSearchParams();
  q.set('limit', String(limit));
  const action = filters.action?.trim();
  const actor = filters.actor?.trim();
  const target = filters.target?.trim();
  if (action) q.set('action', action);
  if (actor) {
    if (!/^\d+$/.test(actor)) throw new Error(`Actor must be a user id (a number), not “${actor}”.`);
    q.set('actor', actor);
  }
  if (target) q.set('target', target);
  if (cursor !== null) q.set('cursor', String(cursor));
  return `/audit?${q.toString()}`;
}

/**
 * One compact line for an entry's details: `key=value` pairs, arrays joined by
 * commas, nested objects as JSON, cut to `max` characters with an ellipsis.
 */
export function compactDetails(details: Record<string, unknown> | null | undefined, max = 120): string {
  if (!details) return '';
  const parts = Object.entries(details).map(([k, v]) => {
    const s = Array.isArray(v) ? v.map((x) => (typeof x === 'object' && x !== null ? JSON.stringify(x) : String(x))).join(',') : typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v);
    return `${k}=${s}`;
  });
  const line = parts.join(' ');
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** A delivery can be sent again once it is no longer being tried (delivered or failed). */
export function canRetry(status: string): boolean {
  return status === 'delivered' || status === 'failed';
}

/** Turns one event on or off, keeping the list in WEBHOOK_EVENTS order. */
export function toggleEvent(events: readonly string[], event: string, on: boolean): string[] {
  const set = new Set(events);
  if (on) set.add(event);
  else set.delete(event);
  const known = WEBHOOK_EVENTS.filter((e) => set.has(e));
  const other = [...set].filter((e) => !(WEBHOOK_EVENTS as readonly string[]).includes(e)).sort();
  return [...known, ...other];
}

/** What is wrong with a webhook form before it is sent, or null (the server checks again). */
export function webhookFormError(url: string, events: readonly string[]): string | null {
  const u = url.trim();
  if (!u) return 'Enter the URL Tally should POST events to.';
  let parsed: URL;
  try {
    parsed = new URL(u);
  } catch {
    return `“${u}” is not an absolute URL: start it with http:// or https://.`;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return 'The URL must start with http:// or https://.';
  if (events.length === 0) return 'Pick at least one event.';
  return null;
}

/** The actions the audit log records (docs/api.md, Audit log), offered as filter suggestions. */
export const AUDIT_ACTIONS = [
  'org.create',
  'project.create',
  'project.update',
  'member.add',
  'member.role_change',
  'member.remove',
  'token.issue',
  'token.revoke',
  'webhook.create',
  'webhook.update',
  'webhook.delete',
  'webhook.rotate_secret',
  'callback.rotate_secret',
  'tasks.import',
  'predictions.import',
  'predictions.delete',
  'results.export',
  'pay.bonus',
  'pay.settle',
] as const;
