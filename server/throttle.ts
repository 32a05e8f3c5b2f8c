import { ScopedCache } from './scoped-cache.ts';

/**
 * "At most once per interval, per key, per process": the claim path's lease
 * reaping and the submit path's refit requests both skip a statement when it
 * ran moments ago. Scoped by an owner object (the database handle), so two
 * databases in one process (tests) never share timings.
 */
export class KeyedThrottle {
  readonly #last = new ScopedCache<number, number>(10_000);

  constructor(private readonly intervalMs: number) {}

  /** True, and records the time, when `key` has not been let through within the interval (or `force`). */
  take(scope: object, key: number, force = false): boolean {
    const now = Date.now();
    if (!force && now - (this.#last.get(scope, key) ?? 0) < this.intervalMs) return false;
    this.#last.set(scope, key, now);
    return true;
  }
}
