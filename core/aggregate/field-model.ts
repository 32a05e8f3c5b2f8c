import type { TruthMethod, TruthResult, WorkerQuality } from '../quality/index.ts';

/**
 * What truth inference learned about one categorical field of a project,
 * reduced to what is needed to score a task on its own: class priors and one
 * confusion matrix per worker (rows = true label, columns = given label).
 * Every method maps to this form: Dawid-Skene and one-coin give confusions;
 * MACE gives P(l|k) = θ·[l=k] + (1-θ)·ξ_l (Hovy et al. 2013, eq. 1); GLAD's
 * worker ability gives a one-coin matrix at average item difficulty.
 */
export interface FieldModel {
  method: TruthMethod;
  labels: string[];
  priors: number[];
  /** Confusion matrix per worker id. */
  workers: Record<string, number[][]>;
  /** For workers the model has not seen: the answer-weighted mean confusion. */
  fallback: number[][];
  /** Estimated accuracy per worker id, in [0, 1]. */
  accuracy: Record<string, number>;
}

const FLOOR = 1e-6;

function oneCoin(k: number, acc: number): number[][] {
  const off = k > 1 ? (1 - acc) / (k - 1) : 0;
  return Array.from({ length: k }, (_, i) => Array.from({ length: k }, (_, j) => (i === j ? acc : off)));
}

function confusionOf(method: TruthMethod, labels: string[], w: WorkerQuality): number[][] {
  const k = labels.length;
  if (w.confusion) return w.confusion.map((row) => row.slice());
  if (method === 'mace' && w.strategy) {
    const xi = labels.map((l) => w.strategy![l] ?? 0);
    return Array.from({ length: k }, (_, i) => xi.map((x, j) => w.quality * (i === j ? 1 : 0) + (1 - w.quality) * x));
  }
  return oneCoin(k, w.quality);
}

/** Builds the per-field model from a truth-inference result. */
export function fieldModelFrom(result: TruthResult): FieldModel {
  const labels = result.labels.slice();
  const k = labels.length;
  const priors = new Array<number>(k).fill(0);
  for (const it of result.items.values()) labels.forEach((l, i) => (priors[i] += it.posterior[l] ?? 0));
  const n = result.items.size || 1;
  const workers: Record<string, number[][]> = {};
  const accuracy: Record<string, number> = {};
  const fallback = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  let weight = 0;
  for (const [id, w] of result.workers) {
    const m = confusionOf(result.method, labels, w);
    workers[id] = m;
    accuracy[id] = w.quality;
    for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) fallback[i][j] += m[i][j] * w.answers;
    weight += w.answers;
  }
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) fallback[i][j] = weight ? fallback[i][j] / weight : i === j ? 1 : 0;
  return { method: result.method, labels, priors: priors.map((p) => p / n), workers, fallback, accuracy };
}

/**
 * The posterior of one task's true label given its answers under a fitted
 * model: the E-step of Dawid & Skene (1979), p(k) ∝ π_k Π_w π^w_{k,l_w},
 * computed in log space. Labels the model has never seen are ignored.
 */
export function posteriorFromModel(model: FieldModel, answers: ReadonlyArray<{ worker: string; label: string }>) {
  const k = model.labels.length;
  const log = model.priors.map((p) => Math.log(Math.max(p, FLOOR)));
  for (const a of answers) {
    const j = model.labels.indexOf(a.label);
    if (j < 0) continue;
    const m = model.workers[a.worker] ?? model.fallback;
    for (let i = 0; i < k; i++) log[i] += Math.log(Math.max(m[i][j], FLOOR));
  }
  const max = Math.max(...log);
  const p = log.map((x) => Math.exp(x - max));
  const z = p.reduce((a, b) => a + b, 0);
  let best = 0;
  for (let i = 1; i < k; i++) if (p[i] > p[best]) best = i;
  const posterior: Record<string, number> = {};
  model.labels.forEach((l, i) => (posterior[l] = p[i] / z));
  return { label: model.labels[best], confidence: p[best] / z, posterior };
}
