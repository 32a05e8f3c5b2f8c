import { QualityInputError } from '../errors.ts';

/** One pairwise judgment: which of `a` and `b` is better. */
export interface Comparison {
  a: string;
  b: string;
  winner: 'a' | 'b' | 'tie';
}

/** Options of {@link bradleyTerry}. */
export interface BradleyTerryOptions {
  /** Stop when no log-score moves by more than this. Default 1e-9. */
  tol?: number;
  /** Maximum MM iterations. Default 10000. */
  maxIter?: number;
  /**
   * Virtual games each item plays, drawn, against a reference of strength 1,
   * so that an item that never won (or never lost) still gets a finite score.
   * 0 gives the plain maximum-likelihood estimate, which exists only when the
   * comparison graph is strongly connected (Hunter 2004, assumption 1). Default 0.1.
   */
  prior?: number;
}

/** Scores from {@link bradleyTerry}. */
export interface BradleyTerryResult {
  /** Strength gamma_i, normalized to sum to 1: P(i beats j) = gamma_i / (gamma_i + gamma_j). */
  scores: Map<string, number>;
  /** log gamma_i, centered to mean 0 (the logit scale). */
  logScores: Map<string, number>;
  /** Items from strongest to weakest (ties in score keep first-seen order). */
  ranking: string[];
  iterations: number;
  converged: boolean;
}

/**
 * Bradley-Terry strengths by the MM algorithm of Hunter (2004), "MM
 * algorithms for generalized Bradley-Terry models", eq. (3):
 * gamma_i <- W_i / sum_j N_ij / (gamma_i + gamma_j), where W_i counts wins and
 * N_ij games between i and j. A tie counts as half a win for each side.
 *
 * @throws QualityInputError on no comparisons or an item compared with itself.
 */
export function bradleyTerry(comparisons: readonly Comparison[], options: BradleyTerryOptions = {}): BradleyTerryResult {
  if (comparisons.length === 0) throw new QualityInputError('bradleyTerry: no comparisons');
  const tol = options.tol ?? 1e-9;
  const maxIter = options.maxIter ?? 10000;
  const prior = options.prior ?? 0.1;
  if (!(prior >= 0)) throw new QualityInputError('bradleyTerry: prior must be >= 0');

  const index = new Map<string, number>();
  const id = (s: string): number => {
    let i = index.get(s);
    if (i === undefined) index.set(s, (i = index.size));
    return i;
  };
  const pairIndex = new Map<number, number>();
  const pairI: number[] = [];
  const pairJ: number[] = [];
  const games: number[] = [];
  const winsList: number[] = [];
  for (const c of comparisons) {
    if (c.a === c.b) throw new QualityInputError(`bradleyTerry: "${c.a}" compared with itself`);
    if (c.winner !== 'a' && c.winner !== 'b' && c.winner !== 'tie') {
      throw new QualityInputError(`bradleyTerry: winner must be 'a', 'b' or 'tie', got ${JSON.stringify(c.winner)}`);
    }
    const i = id(c.a);
    const j = id(c.b);
    const lo = Math.min(i, j);
    const hi = Math.max(i, j);
    const key = lo * 2 ** 26 + hi; // exact in a double for up to 2^26 items
    let p = pairIndex.get(key);
    if (p === undefined) {
      pairIndex.set(key, (p = pairI.length));
      pairI.push(lo);
      pairJ.push(hi);
      games.push(0);
    }
    games[p]++;
    winsList.push(i, c.winner === 'a' ? 1 : c.winner === 'tie' ? 0.5 : 0, j, c.winner === 'b' ? 1 : c.winner === 'tie' ? 0.5 : 0);
  }
  const n = index.size;
  const wins = new Float64Array(n);
  for (let k = 0; k < winsList.length; k += 2) wins[winsList[k]] += winsList[k + 1];
  for (let i = 0; i < n; i++) wins[i] += prior / 2;
  if (prior === 0) {
    const never = [...index.keys()].find((_, i) => wins[i] === 0);
    if (never !== undefined) throw new QualityInputError(`bradleyTerry: "${never}" never won, so the MLE does not exist; use prior > 0`);
  }

  let gamma = new Float64Array(n).fill(1);
  const denom = new Float64Array(n);
  let iterations = 0;
  let converged = false;
  while (iterations < maxIter) {
    iterations++;
    for (let i = 0; i < n; i++) denom[i] = prior / (gamma[i] + 1);
    for (let p = 0; p < pairI.length; p++) {
      const i = pairI[p];
      const j = pairJ[p];
      const share = games[p] / (gamma[i] + gamma[j]);
      denom[i] += share;
      denom[j] += share;
    }
    const next = new Float64Array(n);
    let logMean = 0;
    for (let i = 0; i < n; i++) {
      next[i] = wins[i] / denom[i];
      logMean += Math.log(next[i]) / n;
    }
    // Without the reference games the likelihood is scale-free: pin the geometric mean to 1.
    if (prior === 0) for (let i = 0; i < n; i++) next[i] /= Math.exp(logMean);
    let moved = 0;
    for (let i = 0; i < n; i++) moved = Math.max(moved, Math.abs(Math.log(next[i]) - Math.log(gamma[i])));
    gamma = next;
    if (!(moved > tol)) {
      converged = true;
      break;
    }
  }

  const names = [...index.keys()];
  let sum = 0;
  let logMean = 0;
  for (let i = 0; i < n; i++) {
    sum += gamma[i];
    logMean += Math.log(gamma[i]) / n;
  }
  const scores = new Map<string, number>();
  const logScores = new Map<string, number>();
  names.forEach((name, i) => {
    scores.set(name, gamma[i] / sum);
    logScores.set(name, Math.log(gamma[i]) - logMean);
  });
  const ranking = names
    .map((name, i) => ({ name, i }))
    .sort((x, y) => gamma[y.i] - gamma[x.i] || x.i - y.i)
    .map((x) => x.name);
  return { scores, logScores, ranking, iterations, converged };
}

/**
 * Bradley-Terry from rankings (best first): each ranking of m items becomes
 * its m(m-1)/2 pairwise wins, then {@link bradleyTerry} scores them.
 */
export function bradleyTerryFromRankings(
  rankings: ReadonlyArray<readonly string[]>,
  options: BradleyTerryOptions = {},
): BradleyTerryResult {
  const comparisons: Comparison[] = [];
  for (const r of rankings) {
    if (new Set(r).size !== r.length) throw new QualityInputError('bradleyTerryFromRankings: an item appears twice in one ranking');
    for (let i = 0; i < r.length; i++) for (let j = i + 1; j < r.length; j++) comparisons.push({ a: r[i], b: r[j], winner: 'a' });
  }
  return bradleyTerry(comparisons, options);
}
