import { ApiError, isTransient, requestWithStatus } from '../../api/client.ts';

/**
 * Submissions and skips waiting to reach the server, kept in localStorage so a closed
 * tab, a crash or a network outage never loses one. Items are sent in order; transient
 * failures (offline, 5xx, 401 while logged out) retry with exponential backoff; a
 * definitive refusal (e.g. 409 lease_expired) moves the item to `failed`, shown to the
 * annotator. Submitting a claim is idempotent on the server, so a retry after a lost
 * response is safe.
 */
export interface OutboxItem {
  key: string;
  kind: 'submit' | 'skip';
  claimId: number;
  taskId: number;
  projectId: number;
  body: unknown;
  queuedAt: number;
  attempts: number;
  nextAt: number;
  lastError?: string;
}

export interface FailedItem {
  item: OutboxItem;
  status: number;
  code: string;
  message: string;
  at: number;
}

export interface OutboxSnapshot {
  pending: OutboxItem[];
  failed: FailedItem[];
  /** True while the last attempt failed for lack of a connection. */
  offline: boolean;
}

export interface OutboxResult {
  item: OutboxItem;
  status: number;
  body: unknown;
}

const MAX_BACKOFF_MS = 60_000;

/** Backoff after `attempts` failures: 1 s, 2 s, 4 s … capped at 60 s, with ±20 % jitter. */
export function backoffMs(attempts: number, random = Math.random): number {
  const base = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** Math.max(0, attempts - 1));
  return Math.round(base * (0.8 + 0.4 * random()));
}

export class Outbox {
  #items: OutboxItem[] = [];
  #failed: FailedItem[] = [];
  #offline = false;
  #busy = false;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #listeners = new Set<() => void>();
  #resultListeners = new Set<(r: OutboxResult) => void>();
  #snapshot: OutboxSnapshot = { pending: [], failed: [], offline: false };

  constructor(private readonly storageKey: string) {
    this.#load();
    window.addEventListener('online', () => this.retryNow());
    window.addEventListener('storage', (e) => {
      if (e.key === this.storageKey) {
        this.#load();
        this.#emit();
      }
    });
    if (this.#items.length) queueMicrotask(() => this.flush());
  }

  #load() {
    try {
      const raw = localStorage.getItem(this.storageKey);
      const parsed = raw ? (JSON.parse(raw) as { items?: OutboxItem[]; failed?: FailedItem[] }) : {};
      this.#items = Array.isArray(parsed.items) ? parsed.items : [];
      this.#failed = Array.isArray(parsed.failed) ? parsed.failed : [];
    } catch {
      this.#items = [];
      this.#failed = [];
    }
  }

  #save() {
    try {
      localStorage.setItem(this.storageKey, JSON.stringify({ items: this.#items, failed: this.#failed }));
    } catch {
      /* storage full or disabled: the queue still lives in memory for this page */
    }
  }

  #emit() {
    this.#snapshot = { pending: [...this.#items], failed: [...this.#failed], offline: this.#offline };
    for (const l of this.#listeners) l();
  }

  subscribe = (l: () => void) => {
    this.#listeners.add(l);
    return () => this.#listeners.delete(l);
  };

  snapshot = () => this.#snapshot;

  /** Called after each item leaves the queue successfully. */
  onResult(l: (r: OutboxResult) => void): () => void {
    this.#resultListeners.add(l);
    return () => this.#resultListeners.delete(l);
  }

  /** Queues an item (persisted before anything is sent) and starts sending. */
  enqueue(item: Omit<OutboxItem, 'key' | 'queuedAt' | 'attempts' | 'nextAt'>): void {
    const key = `${item.kind}:${item.claimId}`;
    this.#load();
    if (!this.#items.some((i) => i.key === key)) {
      this.#items.push({ ...item, key, queuedAt: Date.now(), attempts: 0, nextAt: 0 });
      this.#save();
    }
    this.#emit();
    void this.flush();
  }

  dismissFailed(key: string): void {
    this.#failed = this.#failed.filter((f) => f.item.key !== key);
    this.#save();
    this.#emit();
  }

  /** Retries every waiting item now (the network came back, or the user asked). */
  retryNow(): void {
    for (const i of this.#items) i.nextAt = 0;
    void this.flush();
  }

  /** Sends due items in order until the queue is empty or one must wait. */
  async flush(): Promise<void> {
    if (this.#busy) return;
    this.#busy = true;
    clearTimeout(this.#timer);
    try {
      for (;;) {
        const item = this.#items[0];
        if (!item) break;
        const wait = item.nextAt - Date.now();
        if (wait > 0) {
          this.#timer = setTimeout(() => void this.flush(), wait);
          break;
        }
        const path = item.kind === 'submit' ? `/claims/${item.claimId}/submit` : `/claims/${item.claimId}/skip`;
        try {
          const res = await requestWithStatus<unknown>('POST', path, item.body);
          this.#offline = false;
          this.#remove(item.key);
          for (const l of this.#resultListeners) l({ item, status: res.status, body: res.body });
        } catch (err) {
          const e = err instanceof ApiError ? err : new ApiError(0, 'network_error', String(err));
          if (isTransient(e) || e.status === 401 || e.status === 429) {
            this.#offline = e.status === 0;
            item.attempts += 1;
            item.nextAt = Date.now() + backoffMs(item.attempts);
            item.lastError = e.message;
            this.#save();
            this.#emit();
            continue;
          }
          this.#remove(item.key);
          this.#failed.push({ item, status: e.status, code: e.code, message: e.message, at: Date.now() });
          this.#save();
          for (const l of this.#resultListeners) l({ item, status: e.status, body: { error: { code: e.code, message: e.message, ...e.details } } });
        }
        this.#emit();
      }
    } finally {
      this.#busy = false;
      this.#emit();
    }
  }

  #remove(key: string) {
    this.#load();
    this.#items = this.#items.filter((i) => i.key !== key);
    this.#save();
  }
}

const outboxes = new Map<string, Outbox>();

/** One outbox per user and browser, shared by every page of the app. */
export function outboxFor(userId: number): Outbox {
  const key = `tally.outbox.v1.u${userId}`;
  let box = outboxes.get(key);
  if (!box) {
    box = new Outbox(key);
    outboxes.set(key, box);
  }
  return box;
}
