/**
 * export: N annotated tasks (3 annotations and a result each) streamed as
 * JSONL through the API by a real `tally serve` child process.
 *
 * The annotated tasks are seeded directly in SQL (generate_series), not
 * through claim/submit, so that seeding 1M tasks takes a minute, not hours.
 * Limit: PostgreSQL `COPY (select ... the same join ...) TO STDOUT` building
 * the same JSON per task, same run. Targets: >= 0.5 x COPY rows/s; server
 * peak RSS (VmHWM) < 300 MB.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import copyStreams from 'pg-copy-streams';
import { sql } from 'kysely';
import type { BenchOptions } from './lib/options.ts';
import { info, underLimit, vsPeer, type BenchResult, type BenchRow } from './lib/report.ts';
import { createDatabase, dropDatabase, withClient } from './lib/pg-admin.ts';
import { spawnServer } from './lib/server-process.ts';
import { request, streamGet } from './lib/http.ts';
import { addAnnotators, bootstrapOrg, createProject, percentile, sleep } from './lib/tally-setup.ts';
import { runStandalone } from './lib/standalone.ts';
import { openDatabase } from '../server/db/database.ts';

const RSS_LIMIT_MB = 300;

/** Seeds N done tasks with one annotation per user and a result, in a handful of set-based statements. */
function seedStatements(orgId: number, projectId: number, users: number[], n: number): string[] {
  const u = `array[${users.join(',')}]::bigint[]`;
  return [
    `insert into tasks (org_id, project_id, unique_id, data, needed, submitted, status)
       select ${orgId}, ${projectId}, 't' || g, jsonb_build_object('text', 'Review ' || g || ': the delivery was late but the product itself works as described, would order again.'),
              3, 3, 'done'
       from generate_series(1, ${n}) g`,
    `insert into claims (org_id, project_id, task_id, user_id, stage, status, lease_until, active_ms)
       select t.org_id, t.project_id, t.id, u.id, 'label', 'submitted', now(), 1500
       from tasks t cross join unnest(${u}) as u(id) where t.project_id = ${projectId} order by t.id, u.id`,
    `insert into annotations (org_id, project_id, task_id, user_id, claim_id, value, active_ms)
       select org_id, project_id, task_id, user_id, id,
              jsonb_build_object('sentiment', (array['pos','neg','neutral'])[1 + ((task_id + user_id) % 3)::int]), 1500
       from claims where project_id = ${projectId} order by id`,
    `insert into results (task_id, org_id, project_id, value, confidence, method, agreement, fields)
       select id, org_id, project_id, '{"sentiment":"pos"}', 0.667, 'mv', 0.33, '{}' from tasks where project_id = ${projectId}`,
    'analyze',
  ];
}

/** The export's own join (export-page.ts) over the whole project, one JSON line per task, as COPY text. */
function copyQuery(orgId: number, projectId: number): string {
  return `copy (
    select json_build_object('id', t.id, 'uniqueId', t.unique_id, 'data', t.data, 'status', t.status,
             'result', r.value, 'confidence', r.confidence, 'method', r.method, 'agreement', r.agreement,
             'annotations', coalesce((select json_agg(json_build_object('id', a.id, 'userId', a.user_id, 'value', a.value,
                                        'activeMs', a.active_ms, 'createdAt', a.created_at) order by a.id)
                                      from annotations a where a.task_id = t.id), '[]'::json))
    from tasks t left join results r on r.task_id = t.id
    where t.project_id = ${projectId} and t.org_id = ${orgId} and t.gold is null
    order by t.id) to stdout`;
}

function lineCounter() {
  let lines = 0;
  let bytes = 0;
  const onChunk = (c: Buffer) => {
    bytes += c.length;
    for (let i = c.indexOf(10); i >= 0; i = c.indexOf(10, i + 1)) lines++;
  };
  return { onChunk, get lines() { return lines; }, get bytes() { return bytes; } };
}

async function copyLimit(url: string, orgId: number, projectId: number, n: number): Promise<number> {
  return withClient(url, async (c) => {
    const count = lineCounter();
    const t0 = performance.now();
    await pipeline(
      c.query(copyStreams.to(copyQuery(orgId, projectId))),
      new Writable({ write(chunk: Buffer, _e, done) { count.onChunk(chunk); done(); } }),
    );
    const secs = (performance.now() - t0) / 1000;
    if (count.lines !== n) throw new Error(`COPY wrote ${count.lines} lines, expected ${n}`);
    return n / secs;
  });
}

/** Sets up org, users and project through a short-lived server, seeds in SQL, then exports through a fresh server. */
async function exportRun(o: BenchOptions, engine: 'postgres' | 'pglite', tmp: string) {
  const dbName = 'tally_bench_export';
  const databaseUrl = engine === 'postgres' ? await createDatabase(o.pgUrl, dbName) : undefined;
  const dataDir = join(tmp, 'pglite');
  const where = engine === 'postgres' ? { databaseUrl } : { dataDir };
  try {
    const setup = await spawnServer(where);
    let org;
    let projectId: number;
    let users: number[];
    try {
      org = await bootstrapOrg(setup.url);
      users = (await addAnnotators(setup.url, org.token, 3)).map((a) => a.id);
      projectId = await createProject(setup.url, org.token);
    } finally {
      await setup.stop();
    }
    const s0 = performance.now();
    const database = await openDatabase(engine === 'postgres' ? { databaseUrl, migrate: false } : { dataDir, migrate: false });
    try {
      for (const stmt of seedStatements(org.orgId, projectId, users, o.rows)) await sql.raw(stmt).execute(database.db);
    } finally {
      await database.close();
    }
    const seedSecs = (performance.now() - s0) / 1000;
    console.log(`  export ${engine}: seeded ${o.rows} tasks + ${o.rows * 3} annotations in ${seedSecs.toFixed(0)} s`);
    const copy = engine === 'postgres' ? await copyLimit(databaseUrl!, org.orgId, projectId, o.rows) : undefined;
    const server = await spawnServer(where);
    try {
      const count = lineCounter();
      const probe = probeWhile(server.url, `/api/v1/projects/${projectId}`, org.token);
      const t0 = performance.now();
      const res = await streamGet(server.url, `/api/v1/projects/${projectId}/results?format=jsonl`, org.token, count.onChunk).finally(() => probe.stop());
      const secs = (performance.now() - t0) / 1000;
      const others = await probe.latencies;
      if (res.status !== 200) throw new Error(`export answered ${res.status}`);
      if (count.lines !== o.rows) throw new Error(`export wrote ${count.lines} lines, expected ${o.rows}`);
      const rss = server.peakRssMb() ?? Number.NaN;
      console.log(`  export ${engine}: ${count.lines} lines, ${(count.bytes / 2 ** 20).toFixed(0)} MiB in ${secs.toFixed(1)} s, server peak RSS ${rss.toFixed(0)} MB`);
      console.log(`  export ${engine}: ${others.length} other requests meanwhile, p50 ${percentile(others, 50).toFixed(1)} ms, p99 ${percentile(others, 99).toFixed(1)} ms, max ${others.at(-1)?.toFixed(1)} ms`);
      return { rate: o.rows / secs, rss, copy, bytes: count.bytes, others };
    } finally {
      await server.stop();
    }
  } finally {
    if (engine === 'postgres') await dropDatabase(o.pgUrl, dbName);
  }
}

/**
 * Asks the server for one small thing (a project read: auth + one query) every
 * 100 ms until stopped, so the export's figures come with what it does to
 * everyone else on the same server. Latencies sorted ascending.
 */
function probeWhile(url: string, path: string, token: string): { stop(): void; latencies: Promise<number[]> } {
  let stopped = false;
  const latencies = (async () => {
    const ms: number[] = [];
    while (!stopped) {
      const t0 = performance.now();
      const r = await request(url, 'GET', path, { token });
      if (r.status !== 200) throw new Error(`a request during the export answered ${r.status}`);
      ms.push(performance.now() - t0);
      await sleep(100);
    }
    return ms.sort((a, b) => a - b);
  })();
  latencies.catch(() => {}); // awaited after the export; this only keeps a failure meanwhile from being "unhandled"
  return { stop: () => (stopped = true), latencies };
}

export async function run(o: BenchOptions): Promise<BenchResult> {
  const rows: BenchRow[] = [];
  const notes = [
    `${o.rows.toLocaleString('en-US')} done tasks with 3 annotations and a result each, seeded directly in SQL (generate_series), then exported as JSONL by a fresh \`tally serve\` child over HTTP.`,
    'While the export runs, another client reads the project every 100 ms (GET /api/v1/projects/:id): its latency is what the export costs everyone else on that server.',
  ];
  const tmp = await mkdtemp(join(tmpdir(), 'tally-bench-export-'));
  let pgCopy: number | undefined;
  try {
    for (const engine of o.engines) {
      const r = await exportRun(o, engine, tmp);
      if (r.copy !== undefined) {
        pgCopy = r.copy;
        rows.push(info('PostgreSQL COPY (same join) TO STDOUT (limit)', r.copy, 'rows/s'));
      }
      if (pgCopy !== undefined) rows.push(vsPeer(`${engine} API JSONL export rows/s`, r.rate, 'rows/s', 'PostgreSQL COPY', pgCopy, engine === 'postgres' ? 0.5 : undefined));
      else rows.push(info(`${engine} API JSONL export rows/s`, r.rate, 'rows/s'));
      rows.push(underLimit(`${engine} export server peak RSS`, r.rss, 'MB', RSS_LIMIT_MB));
      rows.push(info(`${engine} another request during the export, p99`, percentile(r.others, 99), 'ms'));
      rows.push(info(`${engine} another request during the export, slowest`, r.others.at(-1) ?? Number.NaN, 'ms'));
    }
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
  return { name: 'export', rows, notes };
}

runStandalone(import.meta.url, run);
