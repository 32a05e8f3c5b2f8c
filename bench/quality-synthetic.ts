/**
 * Seeded synthetic crowd for the quality benchmark: items with a skewed
 * class prior, workers with varied confusion matrices (good, fair, spammers,
 * label-biased), each item answered by a fixed number of distinct workers.
 * Built straight into the encoded form so generating 1M answers is cheap.
 */
import { seededRandom, type EncodedAnswers } from '../core/quality/index.ts';

/** Shape of the synthetic crowd. */
export interface SyntheticSpec {
  items: number;
  workers: number;
  classes: number;
  answersPerItem: number;
  seed: number;
}

/** A synthetic crowd and its ground truth (label index per item). */
export interface SyntheticCrowd {
  answers: EncodedAnswers;
  truth: Int32Array;
  kinds: Record<string, number>;
}

/** Picks an index from a cumulative distribution row. */
function pick(cum: Float64Array, base: number, k: number, u: number): number {
  for (let j = 0; j < k - 1; j++) if (u < cum[base + j]) return j;
  return k - 1;
}

/** Builds the crowd; the same spec always gives the same answers. */
export function syntheticCrowd(spec: SyntheticSpec): SyntheticCrowd {
  const { items: I, workers: W, classes: K, answersPerItem: M, seed } = spec;
  if (M > W) throw new Error('answersPerItem must not exceed workers');
  const rand = seededRandom(seed);
  // Skewed class prior: weights 1, 0.8, 0.64, ...
  const prior = Array.from({ length: K }, (_, k) => 0.8 ** k);
  const priorSum = prior.reduce((s, p) => s + p, 0);
  const priorCum = new Float64Array(K);
  prior.reduce((acc, p, k) => (priorCum[k] = acc + p / priorSum), 0);

  // cum[(w*K + t)*K + o] = P(answer <= o | true t) for worker w.
  const cum = new Float64Array(W * K * K);
  const kinds: Record<string, number> = { good: 0, fair: 0, spammer: 0, biased: 0 };
  const row = new Float64Array(K);
  for (let w = 0; w < W; w++) {
    const r = rand();
    const kind = r < 0.5 ? 'good' : r < 0.75 ? 'fair' : r < 0.9 ? 'spammer' : 'biased';
    kinds[kind]++;
    const acc = kind === 'good' ? 0.55 + 0.35 * rand() : kind === 'fair' ? 0.3 + 0.25 * rand() : 0.6 + 0.3 * rand();
    const favourite = Math.floor(rand() * K);
    const bias = 0.5 + 0.3 * rand();
    const spam = Array.from({ length: K }, () => rand() + 0.1);
    const spamSum = spam.reduce((s, p) => s + p, 0);
    for (let t = 0; t < K; t++) {
      if (kind === 'spammer') {
        for (let o = 0; o < K; o++) row[o] = spam[o] / spamSum; // same answer distribution whatever the truth
      } else {
        // Diagonal jittered per class; off-diagonal mass spread unevenly (squared uniforms).
        const diag = Math.min(0.99, Math.max(0.05, acc * (0.85 + 0.3 * rand())));
        let offSum = 0;
        for (let o = 0; o < K; o++) offSum += row[o] = o === t ? 0 : rand() ** 2 + 1e-3;
        for (let o = 0; o < K; o++) row[o] = o === t ? diag : ((1 - diag) * row[o]) / offSum;
        if (kind === 'biased') for (let o = 0; o < K; o++) row[o] = (1 - bias) * row[o] + (o === favourite ? bias : 0);
      }
      let c = 0;
      for (let o = 0; o < K; o++) cum[(w * K + t) * K + o] = c += row[o];
    }
  }

  const n = I * M;
  const item = new Int32Array(n);
  const worker = new Int32Array(n);
  const label = new Int32Array(n);
  const truth = new Int32Array(I);
  const chosen = new Int32Array(M);
  for (let i = 0, a = 0; i < I; i++) {
    const t = pick(priorCum, 0, K, rand());
    truth[i] = t;
    for (let m = 0; m < M; m++) {
      let w: number;
      do w = Math.floor(rand() * W);
      while (chosen.subarray(0, m).includes(w));
      chosen[m] = w;
      item[a] = i;
      worker[a] = w;
      label[a++] = pick(cum, (w * K + t) * K, K, rand());
    }
  }
  return {
    answers: {
      items: Array.from({ length: I }, (_, i) => `i${i}`),
      workers: Array.from({ length: W }, (_, w) => `w${w}`),
      labels: Array.from({ length: K }, (_, k) => `c${k}`),
      item,
      worker,
      label,
    },
    truth,
    kinds,
  };
}
