/**
 * `npx tsx bench/markdown.ts [name ...]`: prints bench/results/<name>.json as
 * the markdown tables docs/benchmarks.md holds (figure, peer/limit, ratio,
 * target, pass), with the size and machine each was measured at.
 */
import { readdirSync, readFileSync } from 'node:fs';
import type { BenchRow } from './lib/report.ts';

const dir = new URL('./results/', import.meta.url);
const fmt = (n: number | undefined) =>
  n === undefined || n === null || Number.isNaN(n) ? '' : Math.abs(n) >= 100 ? Math.round(n).toLocaleString('en-US') : Number(n.toFixed(1)).toString();

const wanted = process.argv.slice(2);
const files = readdirSync(dir).filter((f) => f.endsWith('.json') && (wanted.length === 0 || wanted.includes(f.replace(/\.json$/, ''))));
for (const f of files) {
  const r = JSON.parse(readFileSync(new URL(f, dir), 'utf8')) as { name: string; rows: BenchRow[]; notes?: string[]; size: string; machine: string; at: string };
  console.log(`### ${r.name}\n\n${r.size}; ${r.machine}; ${r.at}\n`);
  console.log('| figure | value | peer / limit | peer value | ratio | target | pass |');
  console.log('|---|---:|---|---:|---:|---|---|');
  for (const x of r.rows) {
    console.log(
      `| ${x.metric} | ${fmt(x.value)} ${x.unit} | ${x.peer ?? ''} | ${fmt(x.peerValue)} | ${x.ratio === undefined ? '' : x.ratio.toFixed(2)} | ${x.target ?? ''} | ${x.pass === undefined ? '' : x.pass ? 'PASS' : '**FAIL**'} |`,
    );
  }
  for (const n of r.notes ?? []) console.log(`\n- ${n}`);
  console.log('');
}
