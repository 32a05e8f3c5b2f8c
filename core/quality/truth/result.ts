import type { EncodedAnswers } from './encode.ts';
import type { ItemTruth, RawTruth, TruthMethod, TruthResult, WorkerQuality } from './types.ts';

/**
 * Index of the largest value in row `i` of a row-major matrix with `k`
 * columns; the first column wins a tie, which is how every method breaks ties.
 */
export function argmaxRow(m: Float64Array, i: number, k: number): number {
  const base = i * k;
  let best = 0;
  for (let c = 1; c < k; c++) if (m[base + c] > m[base + best]) best = c;
  return best;
}

/** Counts answers per item and per worker. */
export function countAnswers(enc: EncodedAnswers): { perItem: Int32Array; perWorker: Int32Array } {
  const perItem = new Int32Array(enc.items.length);
  const perWorker = new Int32Array(enc.workers.length);
  for (let a = 0; a < enc.item.length; a++) {
    perItem[enc.item[a]]++;
    perWorker[enc.worker[a]]++;
  }
  return { perItem, perWorker };
}

/** Turns a method's typed-array output into the public {@link TruthResult}. */
export function buildResult(enc: EncodedAnswers, method: TruthMethod, raw: RawTruth): TruthResult {
  const K = enc.labels.length;
  const labels = [...enc.labels];
  const { perItem, perWorker } = countAnswers(enc);
  const items = new Map<string, ItemTruth>();
  for (let i = 0; i < enc.items.length; i++) {
    if (perItem[i] === 0) continue;
    const best = argmaxRow(raw.posterior, i, K);
    const posterior: Record<string, number> = {};
    for (let k = 0; k < K; k++) posterior[labels[k]] = raw.posterior[i * K + k];
    const truth: ItemTruth = { label: labels[best], confidence: raw.posterior[i * K + best], posterior };
    if (raw.difficulty) truth.difficulty = raw.difficulty[i];
    items.set(enc.items[i], truth);
  }
  const workers = new Map<string, WorkerQuality>();
  for (let w = 0; w < enc.workers.length; w++) {
    const q: WorkerQuality = { quality: raw.workerQuality[w], answers: perWorker[w] };
    if (raw.confusion) q.confusion = matrixOf(raw.confusion, w, K);
    if (raw.ability) q.ability = raw.ability[w];
    if (raw.weight) q.weight = raw.weight[w];
    if (raw.strategy) {
      const s: Record<string, number> = {};
      for (let k = 0; k < K; k++) s[labels[k]] = raw.strategy[w * K + k];
      q.strategy = s;
    }
    workers.set(enc.workers[w], q);
  }
  return { method, labels, items, workers, iterations: raw.iterations, converged: raw.converged };
}

/** Confusion stored as [worker][observed][true] -> rows = true, columns = observed. */
function matrixOf(conf: Float64Array, w: number, K: number): number[][] {
  const rows: number[][] = [];
  for (let t = 0; t < K; t++) {
    const row: number[] = [];
    for (let o = 0; o < K; o++) row.push(conf[(w * K + o) * K + t]);
    rows.push(row);
  }
  return rows;
}
