/**
 * Keeps a project's refits to a share of the time. A refit re-fits truth
 * inference over all of a project's answers and recomputes every result, so
 * its cost grows with the project; asked for after every burst of submits, it
 * would run back to back on a big project and take the CPU the claims and
 * submits need. After a refit that took D ms, the next one of that project
 * waits until D × (1 / share − 1) ms have passed: at share 0.1, a 50 ms refit
 * may run again after 450 ms, a 3 s one after 27 s. Small projects keep
 * near-instant model updates; big ones update less often, never starve.
 */
export class RefitPacer {
  readonly #last = new Map<number, { endedAt: number; tookMs: number }>();

  constructor(
    private readonly share: number,
    /** Longest pause, so even the biggest project's model learns at least this often. */
    private readonly maxWaitMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** How long the next refit of `projectId` should wait before it starts. */
  waitMs(projectId: number): number {
    const last = this.#last.get(projectId);
    if (!last || this.share >= 1) return 0;
    const pause = last.tookMs * (1 / this.share - 1);
    return Math.min(this.maxWaitMs, Math.max(0, last.endedAt + pause - this.now()));
  }

  record(projectId: number, startedAt: number, endedAt: number): void {
    this.#last.set(projectId, { endedAt, tookMs: endedAt - startedAt });
  }
}
