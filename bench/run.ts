/**
 * `npm run bench [-- name ...] [--quick]`: runs the benchmarks (all, or the
 * named ones), prints a table per benchmark and writes
 * bench/results/<name>.json. Every figure is compared with a peer or a limit
 * measured in the same run; the size used is printed and stored with it.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { machine, parseOptions, sizeLabel, type BenchOptions } from './lib/options.ts';
import { printTable, writeResult, type BenchResult, type BenchRow } from './lib/report.ts';

/** Ours first, then the modules other engineers own (quality, web), called by name. */
export const BENCHMARKS = ['import', 'claims', 'export', 'quality', 'web'] as const;

/**
 * Accepts whatever a bench module's run() returns and shapes it as a
 * BenchResult: our shape as is; otherwise an object's numeric leaves become
 * informational rows, so a module written to another shape still reports.
 */
export function normalize(name: string, raw: unknown): BenchResult {
  const r = raw as Partial<BenchResult> | undefined;
  if (r && Array.isArray(r.rows) && r.rows.every((x) => x && typeof (x as BenchRow).metric === 'string')) {
    return { name: r.name ?? name, rows: r.rows as BenchRow[], notes: r.notes };
  }
  const rows: BenchRow[] = [];
  const walk = (v: unknown, path: string) => {
    if (typeof v === 'number') rows.push({ metric: path, value: v, unit: '' });
    else if (typeof v === 'boolean') rows.push({ metric: path, value: v ? 1 : 0, unit: 'bool', pass: v });
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, path ? `${path}.${k}` : k);
  };
  walk(raw, '');
  return { name, rows, notes: [`run() returned a different shape; its numeric fields are listed as they came.`] };
}

async function runOne(name: string, opts: BenchOptions): Promise<BenchResult | undefined> {
  const file = fileURLToPath(new URL(`./${name}.ts`, import.meta.url));
  if (!existsSync(file)) {
    console.log(`\n== ${name} == SKIPPED: bench/${name}.ts does not exist yet (owned by another engineer).`);
    return undefined;
  }
  const mod = (await import(file)) as { run?: (o: BenchOptions) => Promise<unknown> };
  if (typeof mod.run !== 'function') {
    console.log(`\n== ${name} == SKIPPED: bench/${name}.ts does not export run().`);
    return undefined;
  }
  console.log(`\n-- ${name}: running (${sizeLabel(opts)})`);
  const t0 = performance.now();
  const result = normalize(name, await mod.run(opts));
  const secs = (performance.now() - t0) / 1000;
  printTable(result);
  console.log(`wrote ${await writeResult(result, opts, { seconds: Math.round(secs) })} (${secs.toFixed(0)} s)`);
  return result;
}

async function main() {
  const { opts, names } = parseOptions();
  const unknown = names.filter((n) => !(BENCHMARKS as readonly string[]).includes(n));
  if (unknown.length) {
    console.error(`unknown benchmark(s): ${unknown.join(', ')}. Known: ${BENCHMARKS.join(', ')}`);
    process.exit(2);
  }
  console.log(`Tally benchmarks on ${machine()}`);
  console.log(`size: ${sizeLabel(opts)}${opts.quick ? '  (smoke run: figures are NOT the issue-size figures)' : ''}`);
  const failed: string[] = [];
  const missed: string[] = [];
  const errored: string[] = [];
  for (const name of names.length ? names : BENCHMARKS) {
    try {
      const r = await runOne(name, opts);
      if (!r) missed.push(name);
      else if (r.rows.some((x) => x.pass === false)) failed.push(name);
    } catch (e) {
      errored.push(name);
      console.error(`\n== ${name} == ERROR:`, e);
    }
  }
  console.log(`\nsize: ${sizeLabel(opts)}`);
  if (missed.length) console.log(`skipped (module missing): ${missed.join(', ')}`);
  if (failed.length) console.log(`targets missed in: ${failed.join(', ')} (see FAIL rows above)`);
  if (errored.length) console.log(`errored: ${errored.join(', ')}`);
  process.exit(errored.length ? 1 : 0);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
