import { cpus, totalmem } from 'node:os';

/** What every benchmark module receives from the runner (or from its own command line). */
export interface BenchOptions {
  /** true for the smoke sizes (--quick or TALLY_BENCH_QUICK=1). */
  quick: boolean;
  /** Rows imported and exported (the size: 1,000,000). */
  rows: number;
  /** Tasks in the claims project (the size: 100,000). */
  tasks: number;
  /** Seconds each claims run lasts. */
  seconds: number;
  /** Simulated annotators in the claims benchmark. */
  annotators: number;
  /** Admin URL of the PostgreSQL server the benchmarks create their databases on. */
  pgUrl: string;
  /** Which engines to run where a benchmark covers both. */
  engines: Array<'postgres' | 'pglite'>;
}

export const FULL = { rows: 1_000_000, tasks: 100_000, seconds: 20 };
export const QUICK = { rows: 50_000, tasks: 10_000, seconds: 5 };

function num(v: string | undefined): number | undefined {
  if (v === undefined || v === '') return undefined;
  const n = Number(v.replaceAll('_', ''));
  if (!Number.isFinite(n) || n <= 0) throw new Error(`not a positive number: ${v}`);
  return n;
}

/**
 * Reads options from argv (`--quick`, `--rows N`, `--tasks N`, `--seconds N`,
 * `--annotators N`, `--engine postgres|pglite`) and the environment
 * (TALLY_BENCH_QUICK, TALLY_BENCH_ROWS, TALLY_BENCH_TASKS, TALLY_BENCH_SECONDS,
 * TALLY_BENCH_PG_URL). Flags win over the environment.
 */
export function parseOptions(argv: string[] = process.argv.slice(2), env = process.env): { opts: BenchOptions; names: string[] } {
  const flags = new Map<string, string>();
  const names: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--quick') flags.set('quick', '1');
    else if (a.startsWith('--')) {
      const [k, v] = a.includes('=') ? a.slice(2).split('=', 2) : [a.slice(2), argv[++i]];
      flags.set(k, v);
    } else names.push(a);
  }
  const quick = flags.has('quick') || env.TALLY_BENCH_QUICK === '1' || env.TALLY_BENCH_QUICK === 'true';
  const base = quick ? QUICK : FULL;
  const engine = flags.get('engine') ?? env.TALLY_BENCH_ENGINE;
  const opts: BenchOptions = {
    quick,
    rows: num(flags.get('rows') ?? env.TALLY_BENCH_ROWS) ?? base.rows,
    tasks: num(flags.get('tasks') ?? env.TALLY_BENCH_TASKS) ?? base.tasks,
    seconds: num(flags.get('seconds') ?? env.TALLY_BENCH_SECONDS) ?? base.seconds,
    annotators: num(flags.get('annotators') ?? env.TALLY_BENCH_ANNOTATORS) ?? 64,
    pgUrl: env.TALLY_BENCH_PG_URL ?? env.TALLY_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    engines: engine ? [engine as 'postgres' | 'pglite'] : ['postgres', 'pglite'],
  };
  return { opts, names };
}

/** A one-line description of the size actually used, so a result never hides it. */
export function sizeLabel(o: BenchOptions): string {
  const full = o.rows === FULL.rows && o.tasks === FULL.tasks && o.seconds === FULL.seconds;
  const kind = full ? 'FULL (issue sizes)' : o.quick ? 'QUICK (smoke sizes)' : 'CUSTOM';
  return `${kind}: rows=${o.rows.toLocaleString('en-US')} tasks=${o.tasks.toLocaleString('en-US')} seconds=${o.seconds} annotators=${o.annotators}`;
}

export function machine(): string {
  const c = cpus();
  return `${c.length} x ${c[0]?.model.trim() ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Node ${process.version}, ${process.platform}`;
}
