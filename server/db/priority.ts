import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Which database work goes first when every connection is busy.
 *
 * An annotator who asks for the next task is waiting, idle, for the answer;
 * a submit is acknowledged to a workspace that has already moved on (its
 * offline queue retries it), and stats or exports are reads nobody watches
 * by the millisecond. So under load the claim statements take the next free
 * connection ahead of everything queued before them, and the queueing that
 * saturation makes inevitable lands on the work that can bear it.
 *
 * Starvation is bounded: each annotator has at most one claim in flight and
 * needs a submit to finish before claiming again, so claims cannot keep the
 * other queue waiting forever.
 */
export type DbPriority = 'claim' | 'normal';

const current = new AsyncLocalStorage<DbPriority>();

/** Runs `fn` with its database work queued as `priority` (every query it awaits, however deep). */
export function withDbPriority<T>(priority: DbPriority, fn: () => T): T {
  return current.run(priority, fn);
}

export function currentDbPriority(): DbPriority {
  return current.getStore() ?? 'normal';
}

/**
 * A counting semaphore over the database connections with two waiting lines:
 * a released permit goes to the oldest waiting claim, else to the oldest other
 * waiter. Each line is FIFO.
 *
 * `turns: 'deferred'` is for a database that runs in this thread (PGlite).
 * Its statements run synchronously, so a transaction that got its permit at
 * once would run to the end before the event loop read the next request off
 * its socket: requests would be served in arrival order and the lines above
 * would never hold anyone. Deferred, a permit is handed out only from a
 * setImmediate callback, after the event loop has polled for I/O: every
 * request that has arrived by then has reached the gate, and the claims among
 * them go first. One event-loop turn per transaction is the cost.
 */
export class PriorityGate {
  #free: number;
  readonly #claims: Array<() => void> = [];
  readonly #others: Array<() => void> = [];
  readonly #deferred: boolean;
  #dispatching = false;

  constructor(permits: number, turns: 'immediate' | 'deferred' = 'immediate') {
    this.#free = permits;
    this.#deferred = turns === 'deferred';
  }

  acquire(priority: DbPriority = currentDbPriority()): Promise<void> {
    if (this.#free > 0 && !this.#deferred) {
      this.#free--;
      return Promise.resolve();
    }
    const waiting = new Promise<void>((resolve) => (priority === 'claim' ? this.#claims : this.#others).push(resolve));
    this.#dispatchLater();
    return waiting;
  }

  release(): void {
    if (this.#deferred) {
      this.#free++;
      this.#dispatchLater();
      return;
    }
    const next = this.#next();
    if (next) next();
    else this.#free++;
  }

  #next(): (() => void) | undefined {
    return this.#claims.shift() ?? this.#others.shift();
  }

  #dispatchLater(): void {
    if (!this.#deferred || this.#dispatching || this.#free === 0) return;
    this.#dispatching = true;
    setImmediate(() => {
      this.#dispatching = false;
      while (this.#free > 0) {
        const next = this.#next();
        if (!next) break;
        this.#free--;
        next();
      }
    });
  }

  /** Waiters per line, for tests and diagnostics. */
  get waiting(): { claims: number; others: number } {
    return { claims: this.#claims.length, others: this.#others.length };
  }
}
