import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';

export type JobHandler = (payload: any) => Promise<void>;

interface Job {
  id: number;
  kind: string;
  payload: unknown;
  attempts: number;
}

const MAX_ATTEMPTS = 8;
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

  constructor(
    private readonly db: Kysely<DB>,
    private readonly handlers: Record<string, JobHandler>,
    private readonly opts: { pollMs?: number; onError?: (err: unknown, job: Job) => void } = {},
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
    const res = await sql<Job>`
      update outbox set attempts = attempts + 1, dedupe_key = null,
                        run_at = now() + make_interval(secs => ${RUN_LEASE_SECONDS})
      where id = (
        select id from outbox where done_at is null and run_at <= now()
        order by run_at, id limit 1 for update skip locked)
      returning id, kind, payload, attempts`.execute(this.db);
    const job = res.rows[0];
    if (!job) return false;
    const handler = this.handlers[job.kind];
    try {
      if (!handler) throw new Error(`no handler for job kind "${job.kind}"`);
      await handler(job.payload);
      await sql`update outbox set done_at = now(), last_error = null where id = ${job.id}`.execute(this.db);
    } catch (err) {
      this.opts.onError?.(err, job);
      const dead = job.attempts >= MAX_ATTEMPTS;
      await sql`
        update outbox set last_error = ${String((err as Error)?.stack ?? err)},
          run_at = now() + make_interval(secs => ${2 ** job.attempts}),
          done_at = case when ${dead} then now() else null end
        where id = ${job.id}`.execute(this.db);
    }
    return true;
  }

  #schedule(ms: number): void {
    if (this.#stopped) return;
    this.#timer = setTimeout(() => {
      this.#running = (async () => {
        let ran = false;
        try {
          ran = await this.runOnce();
        } catch {
          // Database unreachable: try again at the next poll.
        }
        this.#schedule(ran ? 0 : (this.opts.pollMs ?? 500));
      })();
    }, ms);
    this.#timer.unref();
  }
}
