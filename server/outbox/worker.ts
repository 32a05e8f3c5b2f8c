import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';

/** What a handler is told about its run: `final` when a failure now ends the job for good. */
export interface JobRun {
  attempts: number;
  final: boolean;
}

export type JobHandler = (payload: any, run: JobRun) => Promise<void>;

interface Job {
  id: number;
  kind: string;
  payload: unknown;
  attempts: number;
  /** The job's dedupe key as it was before this run cleared it. */
  key: string | null;
}

/**
 * Thrown by a handler to run its job again later, without counting an
 * attempt or recording an error (a paced refit: refit-pacer.ts). The job goes
 * back to the queue instead of holding the worker, so other jobs run in the
 * meantime and a shutdown does not wait for it.
 */
export class DeferJob extends Error {
  constructor(readonly ms: number) {
    super(`deferred by ${ms} ms`);
  }
}

export const MAX_ATTEMPTS = 8;
/** How long a claimed job is hidden from other workers while it runs. */
const RUN_LEASE_SECONDS = 300;

/**
 * Runs outbox jobs. Any number of processes may run a worker on one database:
 * a job is claimed with FOR UPDATE SKIP LOCKED and hidden for the run lease,
 * so each job runs once at a time; a crashed worker's job reappears when its
 * lease ends. Failures back off exponentially and stop after MAX_ATTEMPTS,
 * keeping `last_error`.
 */
export class OutboxWorker {
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #stopped = true;
  #failing = false;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly handlers: Record<string, JobHandler>,
    private readonly opts: {
      pollMs?: number;
      /**
       * Claim only jobs of these kinds (all kinds when unset), so a slow kind
       * (webhook deliveries wait on other servers) can have workers of its own
       * and never holds up the others (server.ts).
       */
      kinds?: readonly string[];
      /** A job's handler failed (the job is retried with backoff). */
      onError?: (err: unknown, job: Job) => void;
      /**
       * Polling failed: claiming a job or recording its outcome (database
       * unreachable, or a bug):
       * said once when it starts failing, with the first error, and once with
       * `undefined` when a poll succeeds again, not at every retry.
       */
      onPollError?: (err: unknown | undefined) => void;
    } = {},
  ) {}

  start(): void {
    this.#stopped = false;
    this.#schedule(0);
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    await this.#running;
  }

  /** Runs due jobs until none is left; returns how many ran. For tests and the CLI. */
  async drain(): Promise<number> {
    let n = 0;
    while (await this.runOnce()) n++;
    return n;
  }

  /** Claims and runs one due job; false when none was due. */
  async runOnce(): Promise<boolean> {
    // Clearing dedupe_key lets a new request enqueue a fresh job while this one runs,
    // so changes made during the run are not lost to the de-duplication.
    // A worker of some kinds takes the first due job of each kind, by outbox_kind_due_idx
    // (migration 0006), and runs the earliest of them, so that it never scans past
    // another kind's backlog (a plain `kind = any(...)` filter over outbox_due_idx does).
    // The other kinds' first jobs are locked only while this statement runs.
    const picked =
      this.opts.kinds === undefined
        ? sql`select id, dedupe_key from outbox where done_at is null and run_at <= now()
              order by run_at, id limit 1 for update skip locked`
        : sql`select c.id, c.dedupe_key from unnest(${this.opts.kinds}::text[]) as k (kind)
              cross join lateral (
                select id, dedupe_key, run_at from outbox where done_at is null and run_at <= now() and kind = k.kind
                order by run_at, id limit 1 for update skip locked) c
              order by c.run_at, c.id limit 1`;
    const res = await sql<Job>`
      with picked as (${picked})
      update outbox o set attempts = o.attempts + 1, dedupe_key = null,
                          run_at = now() + make_interval(secs => ${RUN_LEASE_SECONDS})
      from picked
      where o.id = picked.id
      returning o.id, o.kind, o.payload, o.attempts, picked.dedupe_key as key`.execute(this.db);
    const job = res.rows[0];
    if (!job) return false;
    const handler = this.handlers[job.kind];
    // This run is the job's last chance: a failure now closes it for good.
    const final = job.attempts >= MAX_ATTEMPTS;
    try {
      if (!handler) throw new Error(`no handler for job kind "${job.kind}"`);
      await handler(job.payload, { attempts: job.attempts, final });
      await sql`update outbox set done_at = now(), last_error = null where id = ${job.id}`.execute(this.db);
    } catch (err) {
      if (err instanceof DeferJob) {
        await this.#defer(job, err.ms);
        return true;
      }
      this.opts.onError?.(err, job);
      await sql`
        update outbox set last_error = ${String((err as Error)?.stack ?? err)},
          run_at = now() + make_interval(secs => ${2 ** job.attempts}),
          done_at = case when ${final} then now() else null end
        where id = ${job.id}`.execute(this.db);
    }
    return true;
  }

  /**
   * Puts a job back as it was, due in `ms`: not an attempt, and its dedupe key
   * restored. When a newer request took the key meanwhile, that pending job
   * stands in for this one, which is closed. A request still uncommitted when
   * the key is restored makes one of the two fail on the unique key: if it is
   * this one, the newer job stands in all the same.
   */
  async #defer(job: Job, ms: number): Promise<void> {
    const restore = sql`
      with newer as (select 1 from outbox where dedupe_key = ${job.key} and done_at is null and id <> ${job.id})
      update outbox set attempts = attempts - 1,
        run_at = now() + make_interval(secs => ${ms / 1000}),
        dedupe_key = case when exists (select 1 from newer) then null else ${job.key} end,
        done_at = case when exists (select 1 from newer) then now() else null end
      where id = ${job.id}`;
    try {
      await restore.execute(this.db);
    } catch (err) {
      if ((err as { code?: string }).code !== '23505') throw err;
      await sql`update outbox set attempts = attempts - 1, done_at = now() where id = ${job.id}`.execute(this.db);
    }
  }

  #schedule(ms: number): void {
    if (this.#stopped) return;
    this.#timer = setTimeout(() => {
      this.#running = (async () => {
        let ran = false;
        let failure: { err: unknown } | undefined;
        try {
          ran = await this.runOnce();
        } catch (err) {
          failure = { err }; // tried again at the next poll
        }
        try {
          if (failure ? !this.#failing : this.#failing) this.opts.onPollError?.(failure?.err);
        } catch {
          // A listener that throws must not stop the polling.
        }
        this.#failing = failure !== undefined;
        this.#schedule(ran ? 0 : (this.opts.pollMs ?? 500));
      })();
    }, ms);
    this.#timer.unref();
  }
}
