import { Worker } from 'node:worker_threads';
import type { EncodedAnswers, InferTruthOptions, TruthMethod, TruthResult } from '../../core/quality/index.ts';

const THREAD = new URL('./inference-thread.js', import.meta.url);

/**
 * One worker thread for truth inference. A refit over a large project (GLAD
 * on a million answers takes tens of seconds) must not stall the API's event
 * loop, so the CPU part runs here; the thread is started on first use and
 * unref'd so it never keeps the process alive.
 */
export class InferencePool {
  #worker: Worker | undefined;
  #next = 1;
  readonly #pending = new Map<number, { resolve: (r: TruthResult) => void; reject: (e: Error) => void }>();

  run(method: TruthMethod, enc: EncodedAnswers, options: InferTruthOptions = {}): Promise<TruthResult> {
    const worker = this.#start();
    const id = this.#next++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      worker.ref();
      worker.postMessage({ id, method, enc, options });
    });
  }

  async close(): Promise<void> {
    const w = this.#worker;
    this.#worker = undefined;
    if (w) await w.terminate();
  }

  #start(): Worker {
    if (this.#worker) return this.#worker;
    const worker = new Worker(THREAD);
    worker.unref();
    worker.on('message', (m: { id: number; result?: TruthResult; error?: { message: string; name: string } }) => {
      const p = this.#pending.get(m.id);
      if (!p) return;
      this.#pending.delete(m.id);
      if (this.#pending.size === 0) worker.unref();
      if (m.error) p.reject(Object.assign(new Error(m.error.message), { name: m.error.name }));
      else p.resolve(m.result!);
    });
    worker.on('error', (err) => this.#failAll(err));
    worker.on('exit', (code) => {
      if (this.#worker === worker) this.#worker = undefined;
      if (code !== 0) this.#failAll(new Error(`inference thread exited with code ${code}`));
    });
    this.#worker = worker;
    return worker;
  }

  #failAll(err: Error) {
    for (const p of this.#pending.values()) p.reject(err);
    this.#pending.clear();
  }
}
