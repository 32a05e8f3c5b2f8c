import { api, ApiError, isTransient } from '../../api/client.ts';
import type { ClaimResponse } from '../../api/types.ts';
import { preloadImages } from '../../fields/preload.ts';
import type { Outbox, OutboxResult } from './outbox.ts';

/** A claim the annotator holds: the task plus when its lease runs out on this clock. */
export interface HeldClaim {
  claim: ClaimResponse['claim'];
  task: ClaimResponse['task'];
  /** Local time (Date.now()) when the lease ends unless extended. */
  deadline: number;
  lastBeat: number;
  /** The lease ran out (or the server said so): submit may still work while the slot is free. */
  expired: boolean;
  /** A draft restored after a reload. */
  draft?: Record<string, unknown>;
}

export type Phase =
  | { kind: 'loading' }
  | { kind: 'working' }
  | { kind: 'empty' }
  | { kind: 'paused'; reason: string }
  | { kind: 'inactive'; message: string }
  | { kind: 'offline' }
  | { kind: 'unauthorized' }
  | { kind: 'error'; message: string };

export interface Notice {
  id: number;
  tone: 'info' | 'success' | 'warning' | 'danger';
  text: string;
}

export interface SessionState {
  phase: Phase;
  current: HeldClaim | null;
  /** True while a claim for the next task is held in reserve. */
  prefetched: boolean;
  notices: Notice[];
}

/** Heartbeat when this share of the lease has passed. */
const BEAT_SHARE = 0.3;

/**
 * The annotator's queue on one project: the current claim, at most one prefetched
 * claim (so Submit shows the next task at once), heartbeats, lease expiry, and the
 * paused / empty / offline states. Submissions and skips go through the outbox, so
 * moving on never waits for the network.
 */
export class ClaimSession {
  #state: SessionState = { phase: { kind: 'loading' }, current: null, prefetched: false, notices: [] };
  #listeners = new Set<() => void>();
  #next: HeldClaim | null = null;
  #inflight: Promise<HeldClaim | null> | null = null;
  #exhausted = false;
  #timer: ReturnType<typeof setInterval> | undefined;
  #retry: ReturnType<typeof setTimeout> | undefined;
  #disposed = false;
  #noticeId = 0;
  #offResult: () => void;
  #leaseMs: number;
  #onOnline = () => {
    if (this.#state.phase.kind === 'offline') void this.advance();
  };
  #onVisible = () => {
    if (document.visibilityState === 'visible') this.#tick();
  };
  #onLeave = () => this.#releasePrefetched();
  // Back/forward cache: the page comes back without its prefetched claim (given back on
  // pagehide); claim a new one and heartbeat the visible one at once.
  #onShow = (e: PageTransitionEvent) => {
    if (!e.persisted) return;
    this.#tick();
    this.#schedulePrefetch();
  };

  constructor(
    readonly projectId: number,
    leaseSeconds: number,
    private readonly outbox: Outbox,
    private readonly storageKey: string,
  ) {
    this.#leaseMs = leaseSeconds * 1000;
    this.#offResult = outbox.onResult((r) => this.#onOutboxResult(r));
    window.addEventListener('online', this.#onOnline);
    window.addEventListener('pagehide', this.#onLeave);
    window.addEventListener('pageshow', this.#onShow);
    document.addEventListener('visibilitychange', this.#onVisible);
    this.#timer = setInterval(() => this.#tick(), 1000);
  }

  subscribe = (l: () => void) => {
    this.#listeners.add(l);
    return () => this.#listeners.delete(l);
  };
  getState = () => this.#state;

  #set(patch: Partial<SessionState>) {
    if (this.#disposed) return;
    this.#state = { ...this.#state, prefetched: this.#next !== null, ...patch };
    for (const l of this.#listeners) l();
  }

  notify(tone: Notice['tone'], text: string) {
    const n = { id: ++this.#noticeId, tone, text };
    this.#set({ notices: [...this.#state.notices.slice(-3), n] });
    if (tone === 'info' || tone === 'success') setTimeout(() => this.dismiss(n.id), 6000);
  }

  dismiss(id: number) {
    this.#set({ notices: this.#state.notices.filter((n) => n.id !== id) });
  }

  /** Starts: resumes the claim saved before a reload if the server still holds it, else claims. */
  async start(): Promise<void> {
    const saved = this.#loadSaved();
    if (saved) {
      try {
        await api.post(`/claims/${saved.claim.id}/heartbeat`);
        const now = Date.now();
        this.#set({ current: { ...saved, deadline: now + this.#leaseMs, lastBeat: now, expired: false }, phase: { kind: 'working' } });
        this.#schedulePrefetch();
        return;
      } catch {
        this.#forgetSaved();
      }
    }
    await this.advance();
  }

  /** Shows the next task: the prefetched claim if any, else a fresh claim. */
  async advance(): Promise<void> {
    clearTimeout(this.#retry);
    let next = this.#takeNext();
    if (!next) {
      this.#set({ current: null, phase: { kind: 'loading' } });
      // A prefetch may be on its way; wait for it rather than claiming twice.
      if (this.#inflight) {
        await this.#inflight;
        next = this.#takeNext();
      }
      // Ask even if the last prefetch found nothing: leases expire and tasks get added.
      if (!next) next = await this.#claim();
    }
    if (this.#disposed) {
      // The page went away while the claim was on its way: give it back.
      if (next) void this.#release(next);
      return;
    }
    if (next) {
      this.#save(next);
      this.#set({ current: next, phase: { kind: 'working' } });
      this.#schedulePrefetch();
    } else if (this.#state.phase.kind === 'loading') {
      this.#forgetSaved();
      this.#set({ current: null, phase: { kind: 'empty' } });
    }
  }

  #takeNext(): HeldClaim | null {
    const next = this.#next;
    this.#next = null;
    return next;
  }

  /** Queues the answer for the current task and moves on at once. */
  submit(value: Record<string, unknown>, activeMs: number): void {
    const cur = this.#state.current;
    if (!cur) return;
    this.outbox.enqueue({ kind: 'submit', claimId: cur.claim.id, taskId: cur.task.id, projectId: this.projectId, body: { value, activeMs } });
    this.#forgetSaved();
    void this.advance();
  }

  /** Gives the current task back with a reason and moves on. */
  skip(reason: string): void {
    const cur = this.#state.current;
    if (!cur) return;
    this.outbox.enqueue({ kind: 'skip', claimId: cur.claim.id, taskId: cur.task.id, projectId: this.projectId, body: reason ? { reason } : {} });
    this.#forgetSaved();
    void this.advance();
  }

  /** Keeps the editor's draft with the saved claim, so a reload resumes where the annotator was. */
  saveDraft(value: Record<string, unknown>): void {
    const cur = this.#state.current;
    if (cur) this.#save({ ...cur, draft: value });
  }

  dispose(): void {
    this.#releasePrefetched();
    this.#disposed = true;
    clearInterval(this.#timer);
    clearTimeout(this.#retry);
    this.#offResult();
    window.removeEventListener('online', this.#onOnline);
    window.removeEventListener('pagehide', this.#onLeave);
    window.removeEventListener('pageshow', this.#onShow);
    document.removeEventListener('visibilitychange', this.#onVisible);
  }

  /** One claim request; maps the refusals to phases. Returns null when there is no task. */
  async #claim(): Promise<HeldClaim | null> {
    this.#exhausted = false;
    try {
      const res = await api.post<ClaimResponse | undefined>(`/projects/${this.projectId}/claims`);
      if (!res) {
        this.#exhausted = true;
        return null;
      }
      const now = Date.now();
      return { claim: res.claim, task: res.task, deadline: now + this.#leaseMs, lastBeat: now, expired: false };
    } catch (err) {
      this.#claimFailed(err);
      return null;
    }
  }

  #claimFailed(err: unknown) {
    if (!(err instanceof ApiError)) return this.#set({ phase: { kind: 'error', message: String(err) } });
    if (err.code === 'annotator_paused') {
      const reason = typeof err.details.reason === 'string' && err.details.reason ? err.details.reason : err.message;
      return this.#set({ phase: { kind: 'paused', reason }, current: null });
    }
    if (err.code === 'project_not_active') return this.#set({ phase: { kind: 'inactive', message: err.message }, current: null });
    if (err.status === 401) return this.#set({ phase: { kind: 'unauthorized' }, current: null });
    if (isTransient(err)) {
      // Only the visible claim turns the page to "offline"; a failed prefetch just retries later.
      if (!this.#state.current) {
        this.#set({ phase: { kind: 'offline' } });
        this.#retry = setTimeout(() => void this.advance(), 5000);
      }
      return;
    }
    if (!this.#state.current) this.#set({ phase: { kind: 'error', message: err.message } });
  }

  #schedulePrefetch() {
    if (this.#next || this.#inflight || this.#exhausted || this.#disposed) return;
    // After the current task has painted, so the prefetch never delays it.
    setTimeout(() => void this.#prefetch(), 0);
  }

  async #prefetch(): Promise<void> {
    if (this.#next || this.#inflight || this.#exhausted || this.#disposed || this.#state.phase.kind !== 'working') return;
    this.#inflight = this.#claim();
    const got = await this.#inflight;
    this.#inflight = null;
    if (this.#disposed) {
      if (got) void this.#release(got);
      return;
    }
    if (got) {
      this.#next = got;
      preloadImages(got.task.data);
      this.#set({});
    }
  }

  #releasePrefetched() {
    const held = this.#next;
    this.#next = null;
    if (held) void this.#release(held);
  }

  /** Gives a prefetched claim back unseen (release, not skip: the task may come back to this user), surviving page unload. */
  #release(held: HeldClaim) {
    return api.post(`/claims/${held.claim.id}/release`, {}, { keepalive: true }).catch(() => undefined);
  }

  #tick() {
    if (this.#disposed) return;
    const now = Date.now();
    const cur = this.#state.current;
    if (cur && !cur.expired && now > cur.deadline) this.#set({ current: { ...cur, expired: true } });
    if (document.visibilityState !== 'visible') return;
    for (const held of [this.#state.current, this.#next]) {
      if (!held) continue;
      // A lease that ran out on this clock may still be alive on the server (it is only
      // reaped when someone else claims): keep asking, and a 200 revives it.
      const every = held.expired ? Math.min(5000, this.#leaseMs * BEAT_SHARE) : this.#leaseMs * BEAT_SHARE;
      if (now - held.lastBeat >= every) void this.#beat(held);
    }
  }

  async #beat(held: HeldClaim) {
    held.lastBeat = Date.now();
    try {
      await api.post(`/claims/${held.claim.id}/heartbeat`);
      const deadline = Date.now() + this.#leaseMs;
      held.deadline = deadline;
      const cur = this.#state.current;
      if (cur?.claim.id === held.claim.id) this.#set({ current: { ...cur, deadline, lastBeat: held.lastBeat, expired: false } });
    } catch (err) {
      if (!(err instanceof ApiError) || isTransient(err) || err.status === 401) return;
      // 409 lease_expired / claim_closed: the server gave the slot away.
      if (this.#next?.claim.id === held.claim.id) {
        this.#next = null;
        this.#set({});
        this.#schedulePrefetch();
      }
      const cur = this.#state.current;
      if (cur?.claim.id === held.claim.id) this.#set({ current: { ...cur, expired: true } });
    }
  }

  #onOutboxResult(r: OutboxResult) {
    if (r.item.projectId !== this.projectId) return;
    if (r.status >= 200 && r.status < 300) return;
    const err = (r.body as { error?: { code?: string; message?: string } }).error;
    const what = r.item.kind === 'submit' ? 'Your answer' : 'Your skip';
    if (err?.code === 'lease_expired') {
      this.notify('danger', `${what} for task #${r.item.taskId} was not saved: the lease expired and the task went to someone else.`);
    } else {
      this.notify('danger', `${what} for task #${r.item.taskId} was refused: ${err?.message ?? 'unknown error'}`);
    }
  }

  #loadSaved(): HeldClaim | null {
    try {
      const raw = localStorage.getItem(this.storageKey);
      return raw ? (JSON.parse(raw) as HeldClaim) : null;
    } catch {
      return null;
    }
  }
  #save(held: HeldClaim) {
    try {
      localStorage.setItem(this.storageKey, JSON.stringify(held));
    } catch {
      /* not fatal: only resume-after-reload is lost */
    }
  }
  #forgetSaved() {
    try {
      localStorage.removeItem(this.storageKey);
    } catch {
      /* ignore */
    }
  }
}
