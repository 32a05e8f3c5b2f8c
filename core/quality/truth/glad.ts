import type { EncodedAnswers } from './encode.ts';
import { softmaxRows } from './dawid-skene.ts';
import { minimizeCg } from './minimize-cg.ts';
import type { RawTruth } from './types.ts';

/** Options of GLAD. */
export interface GladOptions {
  /** Stop when Q per (answer x label) improves by less than this. Default 1e-5. */
  tol?: number;
  /** Maximum EM iterations. Default 100. */
  maxIter?: number;
  /** CG iterations per M-step. Default 25. */
  mStepMaxIter?: number;
  /** CG gradient tolerance per M-step. Default 1e-2. */
  mStepTol?: number;
  /** Prior mean of the abilities alpha (Gaussian, unit variance). Default 1. */
  alphaPriorMean?: number;
  /** Prior mean of log inverse difficulty (Gaussian, unit variance). Default 1. */
  betaPriorMean?: number;
}

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/**
 * GLAD, Whitehill et al. (2009), "Whose vote should count more: optimal
 * integration of labels from labelers of unknown expertise". Worker w answers
 * item i correctly with probability sigma(alpha_w * beta_i) and otherwise picks
 * one of the K - 1 wrong labels uniformly. beta_i = exp(b_i) > 0 is the
 * inverse difficulty (the paper's 1/beta parametrization, kept positive by
 * the exp as in crowd-kit). EM: the E-step computes item posteriors with a
 * uniform class prior; the M-step maximizes the expected log-likelihood plus
 * N(mean, 1) log-priors on alpha and b by conjugate gradient (paper sec. 3).
 */
export function glad(enc: EncodedAnswers, options: GladOptions = {}): RawTruth {
  const tol = options.tol ?? 1e-5;
  const maxIter = options.maxIter ?? 100;
  const alphaMean = options.alphaPriorMean ?? 1;
  const betaMean = options.betaPriorMean ?? 1;
  const K = enc.labels.length;
  const I = enc.items.length;
  const W = enc.workers.length;
  const n = enc.item.length;
  const { item, worker, label } = enc;
  const logWrong = K > 1 ? Math.log(K - 1) : 0;
  const logPrior = -Math.log(K);

  // Parameters packed as [alpha_0..alpha_W-1, b_0..b_I-1], both starting at 1.
  const x = new Float64Array(W + I).fill(1);
  for (let w = 0; w < W; w++) x[w] = alphaMean;
  for (let i = 0; i < I; i++) x[W + i] = betaMean;
  const pRight = new Float64Array(n); // posterior of the label each answer gave
  const expB = new Float64Array(I);
  let post: Float64Array = new Float64Array(I * K);

  const eStep = (): void => {
    const logv = new Float64Array(I * K).fill(logPrior);
    for (let i = 0; i < I; i++) expB[i] = Math.exp(x[W + i]);
    for (let a = 0; a < n; a++) {
      const z = x[worker[a]] * expB[item[a]];
      const e = Math.exp(-Math.abs(z));
      const l1p = Math.log1p(e);
      const right = -((z < 0 ? -z : 0) + l1p); // log sigma(z)
      const wrong = -((z > 0 ? z : 0) + l1p) - logWrong; // log((1 - sigma(z)) / (K - 1))
      const row = item[a] * K;
      for (let k = 0; k < K; k++) logv[row + k] += wrong;
      logv[row + label[a]] += right - wrong;
    }
    post = softmaxRows(logv, I, K);
    for (let a = 0; a < n; a++) pRight[a] = post[item[a] * K + label[a]];
  };

  // Negative expected complete log-likelihood -Q(alpha, b) and its gradient.
  const negQ = (p: Float64Array, grad: Float64Array): number => {
    let q = 0;
    for (let w = 0; w < W; w++) {
      const dev = p[w] - alphaMean;
      q -= 0.5 * dev * dev + HALF_LOG_2PI;
      grad[w] = dev; // gradient of -log N(alpha; mean, 1)
    }
    for (let i = 0; i < I; i++) {
      const dev = p[W + i] - betaMean;
      q -= 0.5 * dev * dev + HALF_LOG_2PI;
      grad[W + i] = dev;
      expB[i] = Math.exp(p[W + i]);
    }
    // Wrong answers only exist with K > 1; with one label every answer is right by definition.
    const wrongWeight = K > 1 ? 1 : 0;
    for (let a = 0; a < n; a++) {
      const w = worker[a];
      const i = item[a];
      const alpha = p[w];
      const eb = expB[i];
      const z = alpha * eb;
      // One exp and one log1p per answer: with e = exp(-|z|),
      // -log sigma(z) = max(-z, 0) + log1p(e) and sigma(z) = 1 / (1 + e) or e / (1 + e).
      const e = Math.exp(-Math.abs(z));
      const nls = (z < 0 ? -z : 0) + Math.log1p(e);
      const sigma = z >= 0 ? 1 / (1 + e) : e / (1 + e);
      const r = pRight[a];
      // E_q[log p(answer)] = r log sigma + (1 - r) (log(1 - sigma) - log(K - 1)), with log(1 - sigma) = -nls - z.
      q += wrongWeight * (-nls - (1 - r) * (z + logWrong));
      const common = wrongWeight * (r - sigma); // dQ/dz
      grad[w] -= common * eb;
      grad[W + i] -= common * alpha * eb;
    }
    return -q;
  };

  const scratch = new Float64Array(W + I);
  let qLast = -Infinity;
  let iterations = 0;
  let converged = false;
  while (iterations < maxIter) {
    iterations++;
    eStep();
    minimizeCg(negQ, x, { gtol: options.mStepTol ?? 1e-2, maxIter: options.mStepMaxIter ?? 25 });
    // Q per (answer x label) cell, crowd-kit's scale, so the default tol stops at the same point.
    const q = -negQ(x, scratch) / (n * K);
    if (q - qLast < tol) {
      converged = true;
      break;
    }
    qLast = q;
  }

  for (let i = 0; i < I; i++) expB[i] = Math.exp(x[W + i]);
  const quality = new Float64Array(W);
  const count = new Float64Array(W);
  for (let a = 0; a < n; a++) {
    quality[worker[a]] += 1 / (1 + Math.exp(-x[worker[a]] * expB[item[a]]));
    count[worker[a]]++;
  }
  for (let w = 0; w < W; w++) quality[w] = count[w] ? quality[w] / count[w] : 0;
  const ability = x.slice(0, W);
  const difficulty = new Float64Array(I);
  for (let i = 0; i < I; i++) difficulty[i] = 1 / expB[i];
  return { posterior: post, workerQuality: quality, ability, difficulty, iterations, converged };
}
