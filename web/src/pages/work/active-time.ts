/**
 * Active time on a task, for pay and throughput. Time counts only while the page is
 * visible and focused and the annotator has interacted (key, pointer, wheel, input)
 * within the last IDLE_MS. No polling: each event closes the window since the last
 * one, counting at most IDLE_MS past the last interaction.
 */
export class ActiveTimer {
  static readonly IDLE_MS = 30_000;
  #total = 0;
  #lastCheck = 0;
  #lastInteraction = 0;
  #focused = true;

  constructor(private readonly now: () => number = () => performance.now()) {}

  /** Starts timing a new task (loading it counts as an interaction: the annotator just acted). */
  reset(focused: boolean): void {
    const t = this.now();
    this.#total = 0;
    this.#lastCheck = t;
    this.#lastInteraction = t;
    this.#focused = focused;
  }

  #advance(t: number): void {
    if (this.#focused) {
      const until = Math.min(t, this.#lastInteraction + ActiveTimer.IDLE_MS);
      if (until > this.#lastCheck) this.#total += until - this.#lastCheck;
    }
    this.#lastCheck = t;
  }

  interact(): void {
    const t = this.now();
    this.#advance(t);
    this.#lastInteraction = t;
  }

  setFocused(focused: boolean): void {
    const t = this.now();
    this.#advance(t);
    this.#focused = focused;
    if (focused) this.#lastInteraction = t;
  }

  /** Milliseconds counted so far on this task. */
  read(): number {
    this.#advance(this.now());
    return Math.round(this.#total);
  }
}

const EVENTS = ['keydown', 'pointerdown', 'pointermove', 'wheel', 'input', 'scroll'] as const;

/** Wires a timer to the window's focus, visibility and interaction events; returns the unsubscribe. */
export function trackActivity(timer: ActiveTimer): () => void {
  const interact = () => timer.interact();
  const focus = () => timer.setFocused(document.visibilityState === 'visible' && document.hasFocus());
  const blur = () => timer.setFocused(false);
  for (const e of EVENTS) window.addEventListener(e, interact, { passive: true, capture: true });
  window.addEventListener('focus', focus);
  window.addEventListener('blur', blur);
  document.addEventListener('visibilitychange', focus);
  return () => {
    for (const e of EVENTS) window.removeEventListener(e, interact, { capture: true });
    window.removeEventListener('focus', focus);
    window.removeEventListener('blur', blur);
    document.removeEventListener('visibilitychange', focus);
  };
}
