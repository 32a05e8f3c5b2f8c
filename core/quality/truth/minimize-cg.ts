/**
 * Nonlinear conjugate gradient (Polak-Ribiere+, restarted when the direction
 * stops descending) with a strong-Wolfe line search, after Nocedal & Wright,
 * "Numerical Optimization" (2006), Algorithms 3.5-3.6 and eq. 5.44-5.45. It
 * follows scipy's `minimize(method='CG')` conventions (c1 = 1e-4, c2 = 0.4,
 * stop when the largest gradient component is <= gtol), so that GLAD's
 * M-step behaves like crowd-kit's.
 */

/** Fills `grad` with the gradient at `x` and returns the objective there. */
export type ObjectiveWithGradient = (x: Float64Array, grad: Float64Array) => number;

/** Options of {@link minimizeCg}. */
export interface CgOptions {
  /** Stop when max |gradient component| <= gtol. Default 1e-5. */
  gtol?: number;
  /** Maximum CG iterations. Default 200 * x.length. */
  maxIter?: number;
}

/** Outcome of {@link minimizeCg}; `x` is updated in place. */
export interface CgResult {
  f: number;
  iterations: number;
  converged: boolean;
}

const C1 = 1e-4;
const C2 = 0.4;

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

function maxAbs(a: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) if (Math.abs(a[i]) > m) m = Math.abs(a[i]);
  return m;
}

/** Minimizes `fg` starting from `x` (overwritten with the minimizer found). */
export function minimizeCg(fg: ObjectiveWithGradient, x: Float64Array, options: CgOptions = {}): CgResult {
  const n = x.length;
  const gtol = options.gtol ?? 1e-5;
  const maxIter = options.maxIter ?? 200 * n;
  const g = new Float64Array(n);
  const d = new Float64Array(n);
  const xNew = new Float64Array(n);
  const gNew = new Float64Array(n);
  let f = fg(x, g);
  let fOld = f + Math.sqrt(dot(g, g)) / 2; // scipy's guess for the step before the first
  for (let i = 0; i < n; i++) d[i] = -g[i];
  let k = 0;
  while (k < maxIter && maxAbs(g) > gtol) {
    let slope = dot(g, d);
    if (slope >= 0) {
      for (let i = 0; i < n; i++) d[i] = -g[i];
      slope = -dot(g, g);
    }
    // First trial step from the last decrease (Nocedal & Wright eq. 3.60), capped at 1.
    let step = Math.min(1, (1.01 * 2 * (f - fOld)) / slope);
    if (!(step > 0)) step = 1;
    const fNew = wolfeSearch(fg, x, d, f, slope, step, xNew, gNew);
    if (fNew === undefined) break;
    const gg = dot(g, g);
    let yg = 0;
    for (let i = 0; i < n; i++) yg += (gNew[i] - g[i]) * gNew[i];
    const beta = Math.max(0, yg / gg); // PR+
    for (let i = 0; i < n; i++) {
      d[i] = -gNew[i] + beta * d[i];
      x[i] = xNew[i];
      g[i] = gNew[i];
    }
    fOld = f;
    f = fNew;
    k++;
  }
  return { f, iterations: k, converged: maxAbs(g) <= gtol };
}

/**
 * Strong-Wolfe line search along `d` (Nocedal & Wright Alg. 3.5 with the
 * zoom of Alg. 3.6, safeguarded quadratic interpolation). On success leaves
 * the accepted point in `xNew`/`gNew` and returns its value.
 */
function wolfeSearch(
  fg: ObjectiveWithGradient,
  x: Float64Array,
  d: Float64Array,
  f0: number,
  slope0: number,
  firstStep: number,
  xNew: Float64Array,
  gNew: Float64Array,
): number | undefined {
  const evalAt = (a: number): [number, number] => {
    for (let i = 0; i < x.length; i++) xNew[i] = x[i] + a * d[i];
    const fa = fg(xNew, gNew);
    return [fa, dot(gNew, d)];
  };
  const zoom = (lo: number, fLo: number, sLo: number, hi: number, fHi: number): number | undefined => {
    for (let j = 0; j < 30; j++) {
      // Minimizer of the quadratic through (lo, fLo, sLo) and (hi, fHi), kept inside the bracket.
      const span = hi - lo;
      const denom = 2 * (fHi - fLo - sLo * span);
      let a = denom > 0 ? lo - (sLo * span * span) / denom : lo + span / 2;
      const lowEdge = Math.min(lo, hi) + 0.1 * Math.abs(span);
      const highEdge = Math.max(lo, hi) - 0.1 * Math.abs(span);
      if (!(a >= lowEdge && a <= highEdge)) a = lo + span / 2;
      const [fa, sa] = evalAt(a);
      if (fa > f0 + C1 * a * slope0 || fa >= fLo) {
        hi = a;
        fHi = fa;
      } else {
        if (Math.abs(sa) <= -C2 * slope0) return fa;
        if (sa * (hi - lo) >= 0) {
          hi = lo;
          fHi = fLo;
        }
        lo = a;
        fLo = fa;
        sLo = sa;
      }
      if (Math.abs(hi - lo) < 1e-14) break;
    }
    // Bracket collapsed: accept the best sufficient-decrease point if it improves.
    if (fLo < f0) {
      evalAt(lo);
      return fLo;
    }
    return undefined;
  };
  let prev = 0;
  let fPrev = f0;
  let sPrev = slope0;
  let a = firstStep;
  for (let j = 0; j < 30; j++) {
    const [fa, sa] = evalAt(a);
    if (!Number.isFinite(fa)) {
      a = (prev + a) / 2;
      continue;
    }
    if (fa > f0 + C1 * a * slope0 || (j > 0 && fa >= fPrev)) return zoom(prev, fPrev, sPrev, a, fa);
    if (Math.abs(sa) <= -C2 * slope0) return fa;
    if (sa >= 0) return zoom(a, fa, sa, prev, fPrev);
    prev = a;
    fPrev = fa;
    sPrev = sa;
    a *= 2;
  }
  return undefined;
}
