import { createHmac } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';
import { DeferJob, type JobHandler, type JobRun } from './worker.ts';
import { DELIVER_JOB, EVENT_JOB, type EventJob } from './webhook-events.ts';

/**
 * Waits between a delivery's attempts: 8 attempts over about 7.7 hours.
 * A receiver that is down for a deploy or an afternoon still gets its events.
 * Each wait is spread by ±10 % so that the deliveries that failed together
 * while a receiver was down do not all come back at the same moment.
 */
export const RETRY_DELAYS_MS = [30, 120, 600, 1_800, 3_600, 7_200, 14_400].map((s) => s * 1_000);
/** A receiver must answer within this; a slower one counts as a failed attempt (retried). */
export const DELIVERY_TIMEOUT_MS = 10_000;
const USER_AGENT = 'Tally-Webhooks/1';
/** How much of a failing answer's body is kept in last_error. */
const SNIPPET_BYTES = 300;

/**
 * Sends to one target host (host:port) at once by a process: a receiver that
 * hangs holds at most this many of the process's senders (server.ts), and
 * the others keep sending to everyone else. Per process: N processes may send
 * N times as many to one host.
 */
export const MAX_SENDS_PER_HOST = 2;
/** The shortest wait of a delivery whose host is at its cap (not an attempt). */
const BUSY_DEFER_MS = 1_000;
/** The longest: deliveries queued behind a dead host come back at least this often. */
const BUSY_DEFER_MAX_MS = 5 * 60_000;

export interface WebhookOptions {
  /** Wait before attempt n+1 after n failed ones; its length + 1 is the number of attempts. */
  retryDelaysMs?: readonly number[];
  timeoutMs?: number;
  /** Sends in flight to one host by this process (MAX_SENDS_PER_HOST). */
  maxPerHost?: number;
  /** The shortest wait of a delivery whose host is busy (BUSY_DEFER_MS). */
  busyDeferMs?: number;
}

interface HostState {
  inFlight: number;
  /** A running average of how long a send to the host takes, ms. */
  avgMs: number;
  /** Until when the deliveries already put off for this host are spread. */
  queuedUntil: number;
}

/**
 * The in-process cap on sends in flight per target host. A delivery to a host
 * at its cap is put off (DeferJob: not an attempt) and its sender moves on.
 * The deliveries put off are spread out by how long the host's sends take, so
 * a backlog behind a dead host (10 s each) comes back a little at a time
 * instead of being claimed again and again, while a busy but quick host's
 * come back soon.
 */
export class HostGate {
  readonly #hosts = new Map<string, HostState>();
  constructor(
    private readonly max: number,
    private readonly minDeferMs: number,
    private readonly maxDeferMs: number,
  ) {}

  /** Takes a slot for the host, or says how long to wait (ms) when it has none free. */
  enter(host: string): { wait: number } | undefined {
    const now = Date.now();
    let h = this.#hosts.get(host);
    if (!h) this.#hosts.set(host, (h = { inFlight: 0, avgMs: this.minDeferMs, queuedUntil: 0 }));
    if (h.inFlight < this.max) {
      h.inFlight++;
      return undefined;
    }
    // One more delivery in the host's queue: after those already put off, by a slot's share of a send.
    h.queuedUntil = Math.max(h.queuedUntil, now) + h.avgMs / this.max;
    const wait = Math.min(Math.max(h.queuedUntil - now, this.minDeferMs), this.maxDeferMs);
    return { wait: Math.round(wait * (0.9 + Math.random() * 0.2)) };
  }

  /** Frees the slot taken by enter(), after a send that took `ms`. */
  leave(host: string, ms: number): void {
    const h = this.#hosts.get(host);
    if (!h) return;
    h.inFlight--;
    h.avgMs = 0.7 * h.avgMs + 0.3 * ms;
    if (h.inFlight === 0 && h.queuedUntil < Date.now()) this.#hosts.delete(host);
  }

  inFlight(host: string): number {
    return this.#hosts.get(host)?.inFlight ?? 0;
  }
}

/**
 * The signature a receiver checks: HMAC-SHA256 with the secret over
 * `${timestamp}.${body}`, hex, sent as `Tally-Signature: v1=<hex>` beside
 * `Tally-Timestamp: <timestamp>` (unix seconds). The timestamp is signed, so a
 * receiver can refuse old replays.
 */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** The outbox handlers for webhooks: fan an event out, send a delivery. */
export function webhookHandlers(db: Kysely<DB>, opts: WebhookOptions = {}): Record<string, JobHandler> {
  const delays = opts.retryDelaysMs ?? RETRY_DELAYS_MS;
  const timeoutMs = opts.timeoutMs ?? DELIVERY_TIMEOUT_MS;
  // One gate for all the senders of the process that share these handlers (server.ts).
  const gate = new HostGate(opts.maxPerHost ?? MAX_SENDS_PER_HOST, opts.busyDeferMs ?? BUSY_DEFER_MS, BUSY_DEFER_MAX_MS);
  return {
    [EVENT_JOB]: (job: EventJob) => db.transaction().execute((trx) => fanOut(trx, job)),
    [DELIVER_JOB]: async (p: { deliveryId: number }, run: JobRun) => {
      try {
        await deliver(db, gate, p.deliveryId, delays, timeoutMs);
      } catch (err) {
        if (run.final && !(err instanceof DeferJob)) await giveUp(db, p.deliveryId, err);
        throw err;
      }
    },
  };
}

/**
 * The delivery's job failed its last time (not the receiver: the job itself,
 * e.g. recording an attempt in the database failed each time): the delivery
 * ends as failed, so its owner sees why and can send it again, instead of it
 * staying pending with nothing left to send it. Best effort: when this fails
 * too, a retry still takes it (commands/webhooks.ts: redeliver).
 */
async function giveUp(db: Kysely<DB>, deliveryId: number, err: unknown): Promise<void> {
  const why = `Tally could not finish sending this delivery: ${String((err as Error)?.message ?? err).slice(0, SNIPPET_BYTES)}`;
  await sql`
    update webhook_deliveries set status = 'failed', next_attempt_at = null, last_error = ${why}
    where id = ${deliveryId} and status = 'pending'`
    .execute(db)
    .catch(() => {});
}

/**
 * One delivery per webhook of the org subscribed to the event (as they are
 * now, so a webhook deleted since gets nothing), plus the task's callbackUrl
 * for task.completed; each with its send job, in one transaction. The unique
 * (event_key, webhook) index makes a second run of the same event a no-op.
 */
async function fanOut(trx: Transaction<DB>, job: EventJob): Promise<void> {
  const callbackUrl = job.event === 'task.completed' ? (job.callbackUrl ?? null) : null;
  await sql`
    with targets as (
      select w.id as webhook_id, w.url from webhooks w where w.org_id = ${job.orgId} and ${job.event} = any(w.events)
      union all
      select null::bigint, ${callbackUrl}::text where ${callbackUrl}::text is not null
    ), made as (
      insert into webhook_deliveries (org_id, webhook_id, url, event, event_key, event_at, data)
      select ${job.orgId}, webhook_id, url, ${job.event}, ${job.key}, ${job.at}::timestamptz, ${JSON.stringify(job.data)}::jsonb
      from targets
      on conflict (event_key, (coalesce(webhook_id, 0))) do nothing
      returning id
    )
    insert into outbox (kind, payload) select ${DELIVER_JOB}, jsonb_build_object('deliveryId', id) from made`.execute(trx);
  if (job.event === 'task.completed') await projectCompleted(trx, job);
}

/**
 * After a task.completed: when no task of its project is left open, in review
 * or being reviewed (gold tasks aside), the project is complete. This runs
 * after the task's transaction committed, so of two last tasks completed at
 * once, the later fan-out sees both done; when both fan-outs see it, they
 * make the same event key (the project's last completion time), so one
 * project.completed goes out. The project completes again, with a new key,
 * if new tasks are imported or a task is reopened and then completed again.
 */
async function projectCompleted(trx: Transaction<DB>, job: EventJob): Promise<void> {
  const projectId = Number(job.data.projectId);
  const done = await sql<{ id: number; name: string; last: Date; micros: string }>`
    select p.id, p.name, last.at as last, (extract(epoch from last.at) * 1000000)::bigint::text as micros
    from projects p, lateral (select max(done_at) as at from tasks where project_id = p.id and done_at is not null) last
    where p.id = ${projectId} and p.org_id = ${job.orgId} and last.at is not null
      and exists (select 1 from webhooks w where w.org_id = p.org_id and 'project.completed' = any(w.events))
      and not exists (select 1 from tasks t where t.project_id = p.id and t.status = 'open' and t.gold is null)
      and not exists (select 1 from tasks t where t.project_id = p.id and t.status in ('review', 'reviewing'))`.execute(trx);
  const p = done.rows[0];
  if (!p) return;
  const count = await sql<{ n: number }>`select count(*)::int as n from tasks where project_id = ${projectId} and gold is null`.execute(trx);
  const at = new Date(p.last).toISOString();
  await fanOut(trx, {
    event: 'project.completed',
    key: `project.completed:${p.id}:${p.micros}`,
    orgId: job.orgId,
    at,
    data: { projectId: p.id, name: p.name, tasks: count.rows[0].n, completedAt: at },
  });
}

export type Outcome = { status: number; snippet: string; retryAfterMs?: number } | { error: string };

/**
 * Sends one delivery and records the attempt. 2xx: delivered. A network
 * error, a timeout, 408, 429 or 5xx: tried again after the next delay
 * (Retry-After when the receiver sent one, up to the longest delay), until
 * the attempts run out. Any other answer (a 3xx: redirects are not followed;
 * a 4xx: the receiver refused it) fails the delivery at once.
 */
async function deliver(db: Kysely<DB>, gate: HostGate, deliveryId: number, delays: readonly number[], timeoutMs: number): Promise<void> {
  const d = await db
    .selectFrom('webhook_deliveries as d')
    .leftJoin('webhooks as w', 'w.id', 'd.webhook_id')
    .leftJoin('callback_secrets as c', 'c.org_id', 'd.org_id')
    .select(['d.id', 'd.webhook_id', 'd.url', 'w.url as webhook_url', 'd.event', 'd.event_at', 'd.data', 'd.attempts', 'w.secret', 'c.secret as callback_secret'])
    .where('d.id', '=', deliveryId)
    .where('d.status', '=', 'pending')
    .executeTakeFirst();
  if (!d) return; // delivered, failed, or its webhook was deleted (with its deliveries)
  // A webhook's URL fixed since the event was made: pending deliveries go to the new one.
  const url = d.webhook_url ?? d.url;
  const secret = d.webhook_id === null ? d.callback_secret : d.secret;
  const body = JSON.stringify({ id: d.id, event: d.event, createdAt: new Date(d.event_at).toISOString(), data: d.data });
  const host = hostOf(url);
  const busy = gate.enter(host);
  // Its host has as many sends in flight as it may: this one waits its turn, and the sender moves on.
  if (busy) throw new DeferJob(busy.wait);
  const started = Date.now();
  let outcome: Outcome;
  try {
    outcome = await send(url, body, { id: d.id, event: d.event, secret }, timeoutMs);
  } finally {
    gate.leave(host, Date.now() - started);
  }
  const attempts = d.attempts + 1;
  const delivered = 'status' in outcome && outcome.status >= 200 && outcome.status < 300;
  const retryable = 'error' in outcome || outcome.status === 408 || outcome.status === 429 || outcome.status >= 500;
  const retryIn = !delivered && retryable && attempts <= delays.length ? waitBefore(delays, attempts, outcome) : undefined;
  const status = delivered ? 'delivered' : retryIn === undefined ? 'failed' : 'pending';
  const lastError = delivered ? null : 'error' in outcome ? outcome.error : `HTTP ${outcome.status}${outcome.snippet ? `: ${outcome.snippet}` : ''}`;
  await sql`
    update webhook_deliveries set url = ${url}, status = ${status}, attempts = ${attempts},
      last_status = ${'status' in outcome ? outcome.status : null}, last_error = ${lastError}, last_attempt_at = now(),
      next_attempt_at = ${retryIn === undefined ? null : sql`now() + make_interval(secs => ${retryIn / 1000})`},
      delivered_at = ${delivered ? sql`now()` : null}
    where id = ${d.id}`.execute(db);
  // The job goes back to the outbox, due at the next attempt, without holding the worker.
  if (retryIn !== undefined) throw new DeferJob(retryIn);
}

/** The wait before the next attempt, after `attempts` failed ones: the schedule's (±10 %), or a longer Retry-After up to the longest wait. */
export function waitBefore(delays: readonly number[], attempts: number, outcome: Outcome): number {
  const planned = Math.round(delays[attempts - 1] * (0.9 + Math.random() * 0.2));
  const asked = 'retryAfterMs' in outcome ? outcome.retryAfterMs : undefined;
  return asked === undefined ? planned : Math.min(Math.max(asked, planned), Math.max(...delays));
}

/** The gate's key: host and port (two receivers on one machine are two hosts); an unparsable URL stands for itself. */
function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

async function send(url: string, body: string, d: { id: number; event: string; secret: string | null }, timeoutMs: number): Promise<Outcome> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { error: `not a URL: ${url}` };
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return { error: `unsupported URL scheme ${parsed.protocol} (use http or https)` };
  const timestamp = Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'user-agent': USER_AGENT,
    'tally-event': d.event,
    'tally-delivery': String(d.id),
    'tally-timestamp': String(timestamp),
  };
  if (d.secret) headers['tally-signature'] = signWebhook(d.secret, timestamp, body);
  try {
    const res = await fetch(parsed, { method: 'POST', headers, body, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
    const snippet = res.ok ? (await res.body?.cancel(), '') : await readSnippet(res);
    return { status: res.status, snippet, retryAfterMs: retryAfter(res.headers.get('retry-after')) };
  } catch (err) {
    return { error: describeFailure(err, timeoutMs) };
  }
}

/** The first bytes of a failing answer, for the owner to read in last_error. */
async function readSnippet(res: Response): Promise<string> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < SNIPPET_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } catch {
    // A body cut short still says something.
  } finally {
    void reader.cancel().catch(() => {});
  }
  return Buffer.concat(chunks).subarray(0, SNIPPET_BYTES).toString('utf8').trim();
}

/** Retry-After in ms: delay-seconds or an HTTP date. */
export function retryAfter(header: string | null): number | undefined {
  if (!header) return undefined;
  const secs = Number(header);
  if (Number.isFinite(secs) && secs >= 0) return secs * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

function describeFailure(err: unknown, timeoutMs: number): string {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return `no answer within ${timeoutMs} ms`;
  const cause = e?.cause;
  return cause?.code ? `${cause.code}${cause.message ? `: ${cause.message}` : ''}` : String(e?.message ?? err);
}
