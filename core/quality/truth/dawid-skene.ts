import type { EncodedAnswers } from './encode.ts';
import { voteShares } from './majority-vote.ts';
import type { RawTruth } from './types.ts';

/** Floor for probabilities before taking logs (crowd-kit's _EPS). */
const EPS = 1e-10;

/** Options of (one-coin) Dawid-Skene. */
export interface DawidSkeneOptions {
  /** Stop when the evidence lower bound per answer improves by less than this. Default 1e-5. */
  tol?: number;
  /** Maximum EM iterations. Default 100. */
  maxIter?: number;
}

/**
 * Worker error model: fills `err[(w*K + observed)*K + true]` with
 * P(observed | true) from the current item posteriors.
 */
type MStep = (enc: EncodedAnswers, post: Float64Array, err: Float64Array) => void;

/**
 * Dawid & Skene (1979), "Maximum likelihood estimation of observer
 * error-rates using the EM algorithm": every worker has a full K x K confusion
 * matrix. EM starts from majority-vote shares (as crowd-kit does).
 */
export function dawidSkene(enc: EncodedAnswers, options: DawidSkeneOptions = {}): RawTruth {
  const raw = runEm(enc, options, fullConfusion);
  const K = enc.labels.length;
  // Worker quality = expected accuracy sum_t P(true = t) * P(answer t | true t).
  for (let w = 0; w < enc.workers.length; w++) {
    let q = 0;
    for (let t = 0; t < K; t++) q += raw.prior[t] * raw.err[(w * K + t) * K + t];
    raw.workerQuality[w] = q;
  }
  return { posterior: raw.posterior, workerQuality: raw.workerQuality, confusion: raw.err, iterations: raw.iterations, converged: raw.converged };
}

/**
 * One-coin Dawid-Skene: each worker has one skill s (probability of the right
 * label) and errs uniformly, P(o | t) = s if o = t else (1 - s) / (K - 1);
 * the M-step sets s to the worker's expected accuracy under the posteriors.
 */
export function oneCoinDawidSkene(enc: EncodedAnswers, options: DawidSkeneOptions = {}): RawTruth {
  const raw = runEm(enc, options, oneCoin);
  const K = enc.labels.length;
  for (let w = 0; w < enc.workers.length; w++) raw.workerQuality[w] = raw.err[(w * K) * K];
  return { posterior: raw.posterior, workerQuality: raw.workerQuality, confusion: raw.err, iterations: raw.iterations, converged: raw.converged };
}

/** M-step of full DS: expected confusion counts, floored at EPS, normalized per true label. */
function fullConfusion(enc: EncodedAnswers, post: Float64Array, err: Float64Array): void {
  const K = enc.labels.length;
  err.fill(0);
  for (let a = 0; a < enc.item.length; a++) {
    const base = (enc.worker[a] * K + enc.label[a]) * K;
    const row = enc.item[a] * K;
    for (let t = 0; t < K; t++) err[base + t] += post[row + t];
  }
  const sum = new Float64Array(K);
  for (let w = 0; w < enc.workers.length; w++) {
    sum.fill(0);
    for (let o = 0; o < K; o++) {
      for (let t = 0; t < K; t++) {
        const i = (w * K + o) * K + t;
        if (err[i] < EPS) err[i] = EPS;
        sum[t] += err[i];
      }
    }
    for (let o = 0; o < K; o++) for (let t = 0; t < K; t++) err[(w * K + o) * K + t] /= sum[t];
  }
}

/** M-step of one-coin DS: skill = mean posterior of the label the worker gave. */
function oneCoin(enc: EncodedAnswers, post: Float64Array, err: Float64Array): void {
  const K = enc.labels.length;
  const W = enc.workers.length;
  const skill = new Float64Array(W);
  const count = new Float64Array(W);
  for (let a = 0; a < enc.item.length; a++) {
    skill[enc.worker[a]] += post[enc.item[a] * K + enc.label[a]];
    count[enc.worker[a]]++;
  }
  for (let w = 0; w < W; w++) {
    const s = count[w] > 0 ? skill[w] / count[w] : 1 / K;
    const right = Math.min(1 - EPS, Math.max(EPS, s));
    const wrong = K > 1 ? Math.min(1 - EPS, Math.max(EPS, (1 - s) / (K - 1))) : 0;
    for (let o = 0; o < K; o++) for (let t = 0; t < K; t++) err[(w * K + o) * K + t] = o === t ? right : wrong;
  }
}

interface EmState {
  posterior: Float64Array;
  err: Float64Array;
  prior: Float64Array;
  workerQuality: Float64Array;
  iterations: number;
  converged: boolean;
}

/** The EM loop shared by both models, in crowd-kit's order: MV -> M, then (E, M) until the bound stalls. */
function runEm(enc: EncodedAnswers, options: DawidSkeneOptions, mStep: MStep): EmState {
  const tol = options.tol ?? 1e-5;
  const maxIter = options.maxIter ?? 100;
  const K = enc.labels.length;
  const I = enc.items.length;
  const n = enc.item.length;
  const hasAnswers = new Uint8Array(I);
  for (let a = 0; a < n; a++) hasAnswers[enc.item[a]] = 1;
  let nItems = 0;
  for (let i = 0; i < I; i++) nItems += hasAnswers[i];

  let post = voteShares(enc);
  const err = new Float64Array(enc.workers.length * K * K);
  const logErr = new Float64Array(err.length);
  const prior = new Float64Array(K);
  const logJoint = new Float64Array(I * K);

  const maximize = (): void => {
    prior.fill(0);
    for (let i = 0; i < I; i++) if (hasAnswers[i]) for (let t = 0; t < K; t++) prior[t] += post[i * K + t];
    for (let t = 0; t < K; t++) prior[t] = Math.max(EPS, prior[t] / nItems);
    mStep(enc, post, err);
    for (let j = 0; j < err.length; j++) logErr[j] = Math.log(err[j]);
  };
  // log P(true = t) + sum over the item's answers of log P(answer | true = t).
  const fillLogJoint = (): void => {
    for (let i = 0; i < I; i++) for (let t = 0; t < K; t++) logJoint[i * K + t] = Math.log(prior[t]);
    for (let a = 0; a < n; a++) {
      const base = (enc.worker[a] * K + enc.label[a]) * K;
      const row = enc.item[a] * K;
      for (let t = 0; t < K; t++) logJoint[row + t] += logErr[base + t];
    }
  };

  maximize();
  fillLogJoint();
  let bound = -Infinity;
  let iterations = 0;
  let converged = false;
  while (iterations < maxIter) {
    iterations++;
    post = softmaxRows(logJoint, I, K); // E-step
    maximize(); // M-step
    fillLogJoint();
    // Evidence lower bound E_q[log p(answers, truth)] + H(q), per answer: EM never lowers it.
    let elbo = 0;
    for (let i = 0; i < I; i++) {
      if (!hasAnswers[i]) continue;
      for (let t = 0; t < K; t++) {
        const q = post[i * K + t];
        if (q > 0) elbo += q * (logJoint[i * K + t] - Math.log(q));
      }
    }
    elbo /= n;
    if (elbo - bound < tol) {
      converged = true;
      break;
    }
    bound = elbo;
  }
  return { posterior: post, err, prior, workerQuality: new Float64Array(enc.workers.length), iterations, converged };
}

/** Row-wise softmax of log values, shifted by the row max so exp never overflows. */
export function softmaxRows(logv: Float64Array, rows: number, K: number): Float64Array {
  const out = new Float64Array(rows * K);
  for (let i = 0; i < rows; i++) {
    let max = -Infinity;
    for (let t = 0; t < K; t++) if (logv[i * K + t] > max) max = logv[i * K + t];
    let sum = 0;
    for (let t = 0; t < K; t++) sum += out[i * K + t] = Math.exp(logv[i * K + t] - max);
    for (let t = 0; t < K; t++) out[i * K + t] /= sum;
  }
  return out;
}
