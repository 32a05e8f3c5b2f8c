/**
 * Digamma psi(x) for x > 0: the recurrence psi(x) = psi(x + 1) - 1/x lifts x
 * to >= 6, then the asymptotic series (Abramowitz & Stegun 6.3.18) gives
 * about 1e-14 relative accuracy.
 */
export function digamma(x: number): number {
  let result = 0;
  while (x < 6) {
    result -= 1 / x;
    x += 1;
  }
  const inv = 1 / x;
  const inv2 = inv * inv;
  return (
    result +
    Math.log(x) -
    0.5 * inv -
    inv2 * (1 / 12 - inv2 * (1 / 120 - inv2 * (1 / 252 - inv2 * (1 / 240 - inv2 * (1 / 132)))))
  );
}
