/**
 * claims: simulated annotators over HTTP, each looping claim -> submit on a
 * project of N tasks with overlap 3, for a fixed duration, on PostgreSQL and
 * on PGlite (each behind a real `tally serve` child process).
 *
 * Limit: the same SQL statements (claims.ts + claim-next-task.ts) driven by
 * pgbench with the same number of clients on the same database
 * (bench/claim-submit.pgbench.sql). Peer: pg-boss@10 fetch + complete with
 * the same concurrency, in its own fresh database on the same server.
 * Targets: Tally >= 0.5 x the SQL limit, >= 2 x pg-boss, p99 claim < 50 ms.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchOptions } from './lib/options.ts';
import { info, underLimit, vsPeer, type BenchResult, type BenchRow } from './lib/report.ts';
import { createDatabase, dropDatabase, withClient } from './lib/pg-admin.ts';
import { spawnServer } from './lib/server-process.ts';
import { request } from './lib/http.ts';
import { addAnnotators, bootstrapOrg, createProject, importGenerated, LABELS, percentile, sleep, type Annotator } from './lib/tally-setup.ts';
import { runStandalone } from './lib/standalone.ts';

const P99_LIMIT_MS = 50;
const PGBENCH_SCRIPT = fileURLToPath(new URL('./claim-submit.pgbench.sql', import.meta.url));

export interface LoopStats {
  annotations: number;
  seconds: number;
  claimMs: number[];
  submitMs: number[];
  statuses: Record<string, number>;
  emptyQueue: number;
}

/**
 * Runs one claim -> submit loop per annotator for `warm + seconds`; only work
 * that starts after the warm-up and ends before the deadline is counted.
 */
export async function annotatorLoops(
  url: string,
  projectId: number,
  annotators: Annotator[],
  seconds: number,
  warm = 2,
  /** When set, each annotator starts one claim -> submit per period (think time), an open-ish load instead of back-to-back. */
  periodMs?: number,
): Promise<LoopStats> {
  const t0 = performance.now();
  const from = t0 + warm * 1000;
  const until = from + seconds * 1000;
  const s: LoopStats = { annotations: 0, seconds, claimMs: [], submitMs: [], statuses: {}, emptyQueue: 0 };
  const count = (k: number) => (s.statuses[k] = (s.statuses[k] ?? 0) + 1);
  await Promise.all(
    annotators.map(async (a, i) => {
      let n = i;
      if (periodMs) await sleep(Math.random() * periodMs);
      while (performance.now() < until) {
        const c0 = performance.now();

        const c = await request(url, 'POST', `/api/v1/projects/${projectId}/claims`, { token: a.token });
        const c1 = performance.now();
        if (c0 >= from && c1 <= until) {
          s.claimMs.push(c1 - c0);
          count(c.status);
        }
        if (c.status === 204) {
          s.emptyQueue++;
          return;
        }
        if (c.status !== 200) continue;
        const sub = await request(url, 'POST', `/api/v1/claims/${c.body.claim.id}/submit`, {
          token: a.token,
          json: { value: { sentiment: LABELS[n++ % 3] }, activeMs: 1500 },
        });
        const s1 = performance.now();
        if (c0 >= from && s1 <= until) {
          s.submitMs.push(s1 - c1);
          count(sub.status);
          if (sub.status === 201) s.annotations++;
        }
        // Paced: the next loop starts one period after this one started (think time), whatever this one took.
        if (periodMs) await sleep(Math.max(0, c0 + periodMs - performance.now()));
      }
    }),
  );
  s.claimMs.sort((x, y) => x - y);
  s.submitMs.sort((x, y) => x - y);
  return s;
}

function pgbench(adminUrl: string, db: string, vars: Record<string, number>, clients: number, seconds: number): Promise<string> {
  const u = new URL(adminUrl);
  const args = ['-n', '-M', 'extended', '-c', String(clients), '-j', '2', '-T', String(seconds), '-f', PGBENCH_SCRIPT];
  for (const [k, v] of Object.entries(vars)) args.push('-D', `${k}=${v}`);
  args.push('-h', u.hostname, '-p', u.port || '5432', '-U', decodeURIComponent(u.username || 'postgres'), db);
  return new Promise((resolve, reject) => {
    const child = spawn('pgbench', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b));
    child.stderr.on('data', (b: Buffer) => (out += b));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`pgbench exited ${code}:\n${out}`))));
  });
}

async function countAnnotations(url: string, projectId: number): Promise<number> {
  return withClient(url, async (c) => (await c.query('select count(*)::int as n from annotations where project_id = $1', [projectId])).rows[0].n);
}

/** pg-boss@10 in its own database: N x 3 jobs, then `clients` workers fetch + complete for `seconds`. */
async function pgBossPeer(o: BenchOptions): Promise<{ rate: number; p99: number }> {
  const dbName = 'tally_bench_pgboss';
  const url = await createDatabase(o.pgUrl, dbName);
  const { default: PgBoss } = await import('pg-boss');
  const boss = new PgBoss({ connectionString: url, max: 10, supervise: false, schedule: false });
  boss.on('error', (e: Error) => console.error('pg-boss:', e.message));
  try {
    await boss.start();
    await boss.createQueue('tasks');
    const jobs = o.tasks * 3;
    for (let i = 0; i < jobs; i += 10_000) {
      const batch = Array.from({ length: Math.min(10_000, jobs - i) }, (_, k) => ({ name: 'tasks', data: { taskId: i + k } }));
      await boss.insert(batch);
    }
    await withClient(url, (c) => c.query('analyze'));
    const warm = 2;
    const t0 = performance.now();
    const from = t0 + warm * 1000;
    const until = from + o.seconds * 1000;
    let done = 0;
    const fetchMs: number[] = [];
    await Promise.all(
      Array.from({ length: o.annotators }, async () => {
        while (performance.now() < until) {
          const f0 = performance.now();
          const [job] = await boss.fetch('tasks');
          const f1 = performance.now();
          if (!job) return;
          await boss.complete('tasks', job.id);
          // Throughput is jobs completed inside the window, whenever their fetch began: pg-boss's
          // fetch can take longer than the warm-up, and counting only fetches begun after it would
          // report nothing at all.
          const c1 = performance.now();
          if (c1 >= from && c1 <= until) done++;
          if (f1 >= from && f1 <= until) fetchMs.push(f1 - f0);
        }
      }),
    );
    fetchMs.sort((x, y) => x - y);
    return { rate: done / o.seconds, p99: percentile(fetchMs, 99) };
  } finally {
    await boss.stop({ graceful: false, wait: true }).catch(() => {});
    await dropDatabase(o.pgUrl, dbName);
  }
}

/** Think time per annotator so that all of them together offer half the measured saturated rate. */
function pacePeriod(saturated: LoopStats, o: BenchOptions): number {
  const rate = Math.max(1, saturated.annotations / saturated.seconds);
  return (o.annotators / (rate / 2)) * 1000;
}

function describe(s: LoopStats): string {
  return `${s.annotations} annotations in ${s.seconds}s, claim p50 ${percentile(s.claimMs, 50).toFixed(1)} ms p99 ${percentile(s.claimMs, 99).toFixed(1)} ms, submit p50 ${percentile(s.submitMs, 50).toFixed(1)} ms p99 ${percentile(s.submitMs, 99).toFixed(1)} ms, statuses ${JSON.stringify(s.statuses)}`;
}

export async function run(o: BenchOptions): Promise<BenchResult> {
  const rows: BenchRow[] = [];
  const notes: string[] = [
    `${o.annotators} annotators, each one loop of claim -> submit over keep-alive HTTP; project of ${o.tasks.toLocaleString('en-US')} tasks, overlap 3; ${o.seconds} s measured after a 2 s warm-up. Load generator, server and database share the machine.`,
  ];
  let sqlLimit = Number.NaN;
  let tallyPg: LoopStats | undefined;
  let tallyLite: LoopStats | undefined;
  let pacedPg: LoopStats | undefined;
  let pacedLite: LoopStats | undefined;

  if (o.engines.includes('postgres')) {
    const dbName = 'tally_bench_claims';
    const url = await createDatabase(o.pgUrl, dbName);
    try {
      const server = await spawnServer({ databaseUrl: url });
      let org;
      let projectB: number;
      let annotators: Annotator[];
      try {
        org = await bootstrapOrg(server.url);
        annotators = await addAnnotators(server.url, org.token, o.annotators);
        const projectA = await createProject(server.url, org.token);
        projectB = await createProject(server.url, org.token);
        await importGenerated(server.url, org.token, projectA, o.tasks);
        await importGenerated(server.url, org.token, projectB, o.tasks);
        await withClient(url, (c) => c.query('analyze'));
        tallyPg = await annotatorLoops(server.url, projectA, annotators, o.seconds);
        console.log(`  claims postgres: ${describe(tallyPg)}`);
        pacedPg = await annotatorLoops(server.url, projectA, annotators, Math.ceil(o.seconds / 2), 1, pacePeriod(tallyPg, o));
        console.log(`  claims postgres paced at half the saturated rate: ${describe(pacedPg)}`);
      } finally {
        await server.stop();
      }
      const ids = annotators.map((a) => a.id);
      if (ids.some((id, i) => id !== ids[0] + i)) throw new Error('annotator ids are not consecutive; pgbench maps client_id to user id');
      const before = await countAnnotations(url, projectB);
      const out = await pgbench(o.pgUrl, dbName, { pid: projectB, org: org.orgId, umin: ids[0] }, o.annotators, o.seconds);
      const made = (await countAnnotations(url, projectB)) - before;
      sqlLimit = made / o.seconds;
      const lat = /latency average = ([\d.]+) ms/.exec(out)?.[1];
      console.log(`  claims pgbench (bare SQL): ${made} annotations in ${o.seconds}s (${sqlLimit.toFixed(0)}/s), script latency avg ${lat} ms`);
    } finally {
      await dropDatabase(o.pgUrl, dbName);
    }
    const boss = await pgBossPeer(o);
    console.log(`  pg-boss: ${boss.rate.toFixed(0)} jobs/s, fetch p99 ${boss.p99.toFixed(1)} ms`);
    const rate = tallyPg.annotations / tallyPg.seconds;
    rows.push(vsPeer('postgres Tally HTTP annotations/s', rate, 'ann/s', 'bare SQL (pgbench)', sqlLimit, 0.5));
    rows.push(vsPeer('postgres Tally HTTP annotations/s', rate, 'ann/s', 'pg-boss fetch+complete', boss.rate, 2));
    rows.push(info('postgres claim latency p50', percentile(tallyPg.claimMs, 50), 'ms'));
    rows.push(underLimit('postgres claim latency p99', percentile(tallyPg.claimMs, 99), 'ms', P99_LIMIT_MS));
    rows.push(info('postgres submit latency p99', percentile(tallyPg.submitMs, 99), 'ms'));
    rows.push(info('postgres claim p99 at half the saturated rate (paced)', percentile(pacedPg!.claimMs, 99), 'ms'));
    rows.push(info('pg-boss fetch latency p99', boss.p99, 'ms'));
  }

  if (o.engines.includes('pglite')) {
    const tmp = await mkdtemp(join(tmpdir(), 'tally-bench-claims-'));
    const server = await spawnServer({ dataDir: join(tmp, 'data') });
    try {
      const org = await bootstrapOrg(server.url);
      const annotators = await addAnnotators(server.url, org.token, o.annotators);
      const projectId = await createProject(server.url, org.token);
      await importGenerated(server.url, org.token, projectId, o.tasks);
      tallyLite = await annotatorLoops(server.url, projectId, annotators, o.seconds);
      console.log(`  claims pglite: ${describe(tallyLite)}`);
      pacedLite = await annotatorLoops(server.url, projectId, annotators, Math.ceil(o.seconds / 2), 1, pacePeriod(tallyLite, o));
      console.log(`  claims pglite paced at half the saturated rate: ${describe(pacedLite)}`);
    } finally {
      await server.stop();
      await rm(tmp, { recursive: true, force: true });
    }
    const rate = tallyLite.annotations / tallyLite.seconds;
    if (Number.isFinite(sqlLimit)) rows.push(vsPeer('pglite Tally HTTP annotations/s', rate, 'ann/s', 'bare SQL (pgbench, PostgreSQL)', sqlLimit));
    else rows.push(info('pglite Tally HTTP annotations/s', rate, 'ann/s'));
    rows.push(info('pglite claim latency p50', percentile(tallyLite.claimMs, 50), 'ms'));
    rows.push(underLimit('pglite claim latency p99', percentile(tallyLite.claimMs, 99), 'ms', P99_LIMIT_MS));
    rows.push(info('pglite submit latency p99', percentile(tallyLite.submitMs, 99), 'ms'));
    rows.push(info('pglite claim p99 at half the saturated rate (paced)', percentile(pacedLite!.claimMs, 99), 'ms'));
  }
  for (const [k, s] of [['postgres', tallyPg], ['pglite', tallyLite]] as const) {
    const bad = s && Object.entries(s.statuses).filter(([st]) => !['200', '201', '204'].includes(st));
    if (bad?.length) notes.push(`${k}: non-2xx answers during the run: ${JSON.stringify(Object.fromEntries(bad))}`);
  }
  return { name: 'claims', rows, notes };
}

runStandalone(import.meta.url, run);
