/**
 * "At most once per interval, per key, per process": the claim path's lease
 * reaping and the submit path's refit requests both skip a statement when it
 * ran moments ago. Scoped by an owner object (the database handle), so two
 * databases in one process (tests) never share timings.
 */
export class KeyedThrottle {
  readonly #last = new WeakMap<object, Map<number, number>>();

  constructor(private readonly intervalMs: number) {}

  /** True, and records the time, when `key` has not been let through within the interval (or `force`). */
  take(scope: object, key: number, force = false): boolean {
    let seen = this.#last.get(scope);
    if (!seen) this.#last.set(scope, (seen = new Map()));
    const now = Date.now();
    if (!force && now - (seen.get(key) ?? 0) < this.intervalMs) return false;
    seen.set(key, now);
    if (seen.size > 10_000) seen.clear();
    return true;
  }
}
