import { mkdir, writeFile } from 'node:fs/promises';
import { machine, sizeLabel, type BenchOptions } from './options.ts';

/** One figure: measured `value`, and when it has one, the peer or limit it is compared with. */
export interface BenchRow {
  metric: string;
  value: number;
  unit: string;
  /** What the figure is compared with (a peer product or a limit), measured in the same run. */
  peer?: string;
  peerValue?: number;
  /** value / peerValue, or a limit / value for "lower is better" figures; see `target`. */
  ratio?: number;
  /** Human-readable target, e.g. ">= 0.5 x COPY" or "< 300 MB". */
  target?: string;
  pass?: boolean;
}

export interface BenchResult {
  name: string;
  rows: BenchRow[];
  notes?: string[];
}

/** Row helper: a throughput compared with a peer, target "ratio >= min". */
export function vsPeer(metric: string, value: number, unit: string, peer: string, peerValue: number, min?: number): BenchRow {
  const ratio = peerValue > 0 ? value / peerValue : Number.NaN;
  return { metric, value, unit, peer, peerValue, ratio, ...(min === undefined ? {} : { target: `>= ${min} x ${peer}`, pass: ratio >= min }) };
}

/** Row helper: a figure that must stay under a ceiling (memory, latency). */
export function underLimit(metric: string, value: number, unit: string, limit: number): BenchRow {
  return { metric, value, unit, peer: 'limit', peerValue: limit, ratio: value / limit, target: `< ${limit} ${unit}`, pass: value < limit };
}

export function info(metric: string, value: number, unit: string): BenchRow {
  return { metric, value, unit };
}

const fmt = (n: number | undefined, digits = 0) =>
  n === undefined || Number.isNaN(n) ? '' : Math.abs(n) >= 100 || digits === 0 ? Math.round(n).toLocaleString('en-US') : n.toFixed(digits);

/** Prints a result as a fixed-width table. */
export function printTable(r: BenchResult): void {
  const head = ['metric', 'value', 'unit', 'peer/limit', 'peer value', 'ratio', 'target', 'pass'];
  const body = r.rows.map((x) => [
    x.metric,
    fmt(x.value, 1),
    x.unit,
    x.peer ?? '',
    fmt(x.peerValue, 1),
    x.ratio === undefined ? '' : x.ratio.toFixed(2),
    x.target ?? '',
    x.pass === undefined ? '' : x.pass ? 'PASS' : 'FAIL',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 1 || i === 4 || i === 5 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ');
  console.log(`\n== ${r.name} ==`);
  console.log(line(head));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const b of body) console.log(line(b));
  for (const n of r.notes ?? []) console.log(`  note: ${n}`);
}

/** Writes bench/results/<name>.json with the size and machine it was measured on. */
export async function writeResult(r: BenchResult, opts: BenchOptions, extra: Record<string, unknown> = {}): Promise<string> {
  const dir = new URL('../results/', import.meta.url);
  await mkdir(dir, { recursive: true });
  const file = new URL(`${r.name}.json`, dir);
  const doc = { ...r, size: sizeLabel(opts), quick: opts.quick, options: opts, machine: machine(), at: new Date().toISOString(), ...extra };
  await writeFile(file, `${JSON.stringify(doc, null, 2)}\n`);
  return file.pathname;
}
