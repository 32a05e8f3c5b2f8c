/**
 * Per-process memory of small facts per key (a project id, say), scoped by an
 * owner object, the database handle, so two databases in one process (tests)
 * never share entries. Bounded: past `maxEntries` keys in one scope it starts
 * over, which costs at most a re-read per key.
 */
export class ScopedCache<K, V> {
  readonly #scopes = new WeakMap<object, Map<K, V>>();

  constructor(private readonly maxEntries: number) {}

  get(scope: object, key: K): V | undefined {
    return this.#scopes.get(scope)?.get(key);
  }

  set(scope: object, key: K, value: V): V {
    let entries = this.#scopes.get(scope);
    if (!entries) this.#scopes.set(scope, (entries = new Map()));
    if (entries.size >= this.maxEntries && !entries.has(key)) entries.clear();
    entries.set(key, value);
    return value;
  }

  delete(scope: object, key: K): void {
    this.#scopes.get(scope)?.delete(key);
  }
}
