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
 */
export class PriorityGate {
  #free: number;
  readonly #claims: Array<() => void> = [];
  readonly #others: Array<() => void> = [];

  constructor(permits: number) {
    this.#free = permits;
  }

  acquire(priority: DbPriority = currentDbPriority()): Promise<void> {
    if (this.#free > 0) {
      this.#free--;
      return Promise.resolve();
    }
    return new Promise((resolve) => (priority === 'claim' ? this.#claims : this.#others).push(resolve));
  }

  release(): void {
    const next = this.#claims.shift() ?? this.#others.shift();
    if (next) next();
    else this.#free++;
  }

  /** Waiters per line, for tests and diagnostics. */
  get waiting(): { claims: number; others: number } {
    return { claims: this.#claims.length, others: this.#others.length };
  }
}
