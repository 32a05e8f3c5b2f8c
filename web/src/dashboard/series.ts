/**
 * Turns stats.throughput.hourly (hours with at least one annotation, last 48 h) into
 * evenly spaced series for the charts: annotations per hour, and the running total
 * of annotations (progress), which ends at the project's total.
 */
export interface HourlyPoint {
  hour: string;
  annotations: number;
}

export interface TimeSeriesData {
  /** Start of each hour, unix seconds. */
  x: number[];
  perHour: number[];
  cumulative: number[];
}

const HOUR = 3600;

export function hourlySeries(hourly: readonly HourlyPoint[], total: number, now = Date.now(), hours = 48): TimeSeriesData {
  const end = Math.floor(now / 1000 / HOUR) * HOUR;
  const start = end - (hours - 1) * HOUR;
  const x: number[] = [];
  const perHour: number[] = [];
  const at = new Map<number, number>();
  for (const h of hourly) {
    const t = Math.floor(Date.parse(h.hour) / 1000 / HOUR) * HOUR;
    at.set(t, (at.get(t) ?? 0) + h.annotations);
  }
  for (let t = start; t <= end; t += HOUR) {
    x.push(t);
    perHour.push(at.get(t) ?? 0);
  }
  const inWindow = perHour.reduce((a, b) => a + b, 0);
  let running = Math.max(0, total - inWindow);
  const cumulative = perHour.map((n) => (running += n));
  return { x, perHour, cumulative };
}
