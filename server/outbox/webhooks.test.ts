import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { retryAfter, signWebhook, waitBefore } from './webhooks.ts';

// Delivery itself (HTTP, retries, records) is tested over real receivers in routes/webhooks/webhooks.test.ts.
describe('webhook signing and retry waits', () => {
  it('signs `${timestamp}.${body}` with HMAC-SHA256, hex, as v1=', () => {
    const body = '{"id":1,"event":"task.completed"}';
    const expected = createHmac('sha256', 'whsec_test').update(`1700000000.${body}`).digest('hex');
    expect(signWebhook('whsec_test', 1700000000, body)).toBe(`v1=${expected}`);
    expect(signWebhook('whsec_test', 1700000001, body)).not.toBe(`v1=${expected}`); // the timestamp is signed
  });

  it('waits the planned delay ±10 %, or a longer Retry-After capped at the longest delay', () => {
    const delays = [1_000, 10_000, 60_000];
    for (let i = 0; i < 50; i++) {
      const w = waitBefore(delays, 2, { status: 503, snippet: '' });
      expect(w).toBeGreaterThanOrEqual(9_000);
      expect(w).toBeLessThanOrEqual(11_000);
    }
    expect(waitBefore(delays, 1, { status: 429, snippet: '', retryAfterMs: 30_000 })).toBe(30_000);
    expect(waitBefore(delays, 1, { status: 429, snippet: '', retryAfterMs: 3_600_000 })).toBe(60_000);
    expect(waitBefore(delays, 2, { status: 429, snippet: '', retryAfterMs: 1 })).toBeGreaterThanOrEqual(9_000);
    expect(waitBefore(delays, 3, { error: 'ECONNREFUSED' })).toBeGreaterThanOrEqual(54_000);
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    expect(retryAfter('120')).toBe(120_000);
    expect(retryAfter(null)).toBeUndefined();
    expect(retryAfter('soon')).toBeUndefined();
    const inAMinute = new Date(Date.now() + 60_000).toUTCString();
    expect(retryAfter(inAMinute)).toBeGreaterThan(55_000);
    expect(retryAfter(inAMinute)).toBeLessThanOrEqual(60_000);
  });
});
