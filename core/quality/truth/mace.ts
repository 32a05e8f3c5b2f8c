import type { EncodedAnswers } from './encode.ts';
import { digamma } from './digamma.ts';
import { seededRandom } from '../rng.ts';
import type { RawTruth } from './types.ts';

/** Options of MACE. */
export interface MaceOptions {
  /** Stop a run when the log marginal likelihood per answer changes by less than this. Default 1e-6. */
  tol?: number;
  /** Maximum EM iterations per run. Default 50 (crowd-kit's n_iter). */
  maxIter?: number;
  /**
   * Runs; the best log marginal likelihood wins. The first starts from a
   * neutral point, the others from seeded random competences. Default 1.
   */
  restarts?: number;
  /** Seed for the random restarts. Default 0. */
  seed?: number;
  /** Variational Bayes with Beta/Dirichlet priors (default) or plain EM with smoothing. */
  variational?: boolean;
  /** Beta prior on (spamming, knowing). Default [0.5, 0.5]. */
  competencePrior?: [number, number];
  /** Symmetric Dirichlet prior on each spamming strategy. Default 10. */
  strategyPrior?: number;
}

interface Run {
  spam: Float64Array; // [w*2] = P(spamming), [w*2 + 1] = P(knowing)
  theta: Float64Array; // [w*K + l] = P(label l | spamming)
  logLik: number;
  iterations: number;
  converged: boolean;
}

/**
 * MACE, Hovy, Berg-Kirkpatrick, Vaswani & Hovy (2013), "Learning Whom to
 * Trust with MACE". The true label is uniform; worker j spams with
 * probability 1 - theta_j, and then answers from their own strategy xi_j,
 * otherwise they give the true label. Trained by EM; by default the M-step is
 * the paper's variational Bayes update with Beta(0.5, 0.5) and Dirichlet(10)
 * priors (sec. 2.2), as crowd-kit does. Worker quality = theta_j.
 */
export function mace(enc: EncodedAnswers, options: MaceOptions = {}): RawTruth {
  const K = enc.labels.length;
  const W = enc.workers.length;
  const restarts = Math.max(1, options.restarts ?? 1);
  let best: Run | undefined;
  for (let r = 0; r < restarts; r++) {
    const run = fit(enc, options, r === 0 ? undefined : seededRandom((options.seed ?? 0) + r));
    if (!best || run.logLik > best.logLik) best = run;
  }
  const final = best!;
  const posterior = eStep(enc, final.spam, final.theta).posterior;
  const quality = new Float64Array(W);
  const strategy = new Float64Array(W * K);
  for (let w = 0; w < W; w++) {
    quality[w] = final.spam[w * 2 + 1] / (final.spam[w * 2] + final.spam[w * 2 + 1]);
    let s = 0;
    for (let l = 0; l < K; l++) s += final.theta[w * K + l];
    for (let l = 0; l < K; l++) strategy[w * K + l] = final.theta[w * K + l] / s;
  }
  return { posterior, workerQuality: quality, strategy, iterations: final.iterations, converged: final.converged };
}

function fit(enc: EncodedAnswers, options: MaceOptions, rand: (() => number) | undefined): Run {
  const K = enc.labels.length;
  const W = enc.workers.length;
  const n = enc.item.length;
  const tol = options.tol ?? 1e-6;
  const maxIter = options.maxIter ?? 50;
  const variational = options.variational ?? true;
  const [priorSpam, priorKnow] = options.competencePrior ?? [0.5, 0.5];
  const priorStrategy = options.strategyPrior ?? 10;
  // Start: neutral (even odds of spamming, uniform strategy). Restarts draw
  // the odds of spamming from normalized U(1, 2.5) weights as crowd-kit does,
  // but keep the strategy uniform so renaming labels cannot change the run.
  const draw = (): number => (rand ? 1 + 1.5 * rand() : 1);
  const spam = new Float64Array(W * 2);
  const theta = new Float64Array(W * K);
  for (let w = 0; w < W; w++) {
    const s0 = draw();
    const s1 = draw();
    spam[w * 2] = s0 / (s0 + s1);
    spam[w * 2 + 1] = s1 / (s0 + s1);
    for (let l = 0; l < K; l++) theta[w * K + l] = 1 / K;
  }
  let e = eStep(enc, spam, theta);
  let iterations = 0;
  let converged = false;
  const smoothing = 0.01 / K;
  while (iterations < maxIter) {
    iterations++;
    for (let w = 0; w < W; w++) {
      const c0 = e.spamCount[w];
      const c1 = e.knowCount[w];
      let sum = 0;
      for (let l = 0; l < K; l++) sum += e.strategyCount[w * K + l];
      if (variational) {
        // Mean-field update: exp(E[log p]) = exp(psi(count + prior) - psi(total + priors)).
        const norm = digamma(c0 + c1 + priorSpam + priorKnow);
        spam[w * 2] = Math.exp(digamma(c0 + priorSpam) - norm);
        spam[w * 2 + 1] = Math.exp(digamma(c1 + priorKnow) - norm);
        const normT = digamma(sum + K * priorStrategy);
        for (let l = 0; l < K; l++) theta[w * K + l] = Math.exp(digamma(e.strategyCount[w * K + l] + priorStrategy) - normT);
      } else {
        spam[w * 2] = (c0 + smoothing) / (c0 + c1 + 2 * smoothing);
        spam[w * 2 + 1] = (c1 + smoothing) / (c0 + c1 + 2 * smoothing);
        for (let l = 0; l < K; l++) theta[w * K + l] = (e.strategyCount[w * K + l] + smoothing) / (sum + K * smoothing);
      }
    }
    const before = e.logLik;
    e = eStep(enc, spam, theta);
    if (Math.abs(e.logLik - before) / n < tol) {
      converged = true;
      break;
    }
  }
  return { spam, theta, logLik: e.logLik, iterations, converged };
}

interface Expectations {
  posterior: Float64Array;
  logLik: number;
  spamCount: Float64Array;
  knowCount: Float64Array;
  strategyCount: Float64Array;
}

/**
 * E-step: P(T_i = t | answers) is proportional to
 * prod_j (spam_j xi_j[a_ij] + know_j [t = a_ij]), computed in log space so that
 * items with many answers do not underflow; then each answer's posterior
 * probability of having been spammed feeds the expected counts.
 */
function eStep(enc: EncodedAnswers, spam: Float64Array, theta: Float64Array): Expectations {
  const K = enc.labels.length;
  const I = enc.items.length;
  const W = enc.workers.length;
  const n = enc.item.length;
  const { item, worker, label } = enc;
  const logv = new Float64Array(I * K);
  for (let a = 0; a < n; a++) {
    const w = worker[a];
    const l = label[a];
    const s = spam[w * 2] * theta[w * K + l];
    const base = Math.log(s);
    const row = item[a] * K;
    for (let t = 0; t < K; t++) logv[row + t] += base;
    logv[row + l] += Math.log(s + spam[w * 2 + 1]) - base;
  }
  const posterior = new Float64Array(I * K);
  const hasAnswers = new Uint8Array(I);
  for (let a = 0; a < n; a++) hasAnswers[item[a]] = 1;
  let logLik = 0;
  for (let i = 0; i < I; i++) {
    let max = -Infinity;
    for (let t = 0; t < K; t++) if (logv[i * K + t] > max) max = logv[i * K + t];
    let z = 0;
    for (let t = 0; t < K; t++) z += posterior[i * K + t] = Math.exp(logv[i * K + t] - max);
    for (let t = 0; t < K; t++) posterior[i * K + t] /= z;
    if (hasAnswers[i]) logLik += max + Math.log(z) - Math.log(K);
  }
  const spamCount = new Float64Array(W);
  const knowCount = new Float64Array(W);
  const strategyCount = new Float64Array(W * K);
  for (let a = 0; a < n; a++) {
    const w = worker[a];
    const l = label[a];
    const s = spam[w * 2] * theta[w * K + l];
    const k = spam[w * 2 + 1];
    const pl = posterior[item[a] * K + l];
    // Spammed for sure if the truth is not l; if it is l, spam and knowledge compete.
    const spammed = 1 - pl + (pl * s) / (s + k);
    spamCount[w] += spammed;
    strategyCount[w * K + l] += spammed;
    knowCount[w] += (pl * k) / (s + k);
  }
  return { posterior, logLik, spamCount, knowCount, strategyCount };
}
