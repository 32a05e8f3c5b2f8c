/**
 * `npm run soak`: the reliability scenarios too long or too disruptive for
 * the test suite.
 *
 * 1. outage: under claim/submit load, the local PostgreSQL cluster is
 *    stopped (pg_ctlcluster ... stop) and started again. While it is down the
 *    server must answer 503 with code `database_unavailable` (never another
 *    5xx, never hang); once it is back the same server process must recover
 *    without a restart, and the queue invariants must hold.
 *    This STOPS THE SHARED PostgreSQL for a few seconds: other test runs on
 *    this machine will fail meanwhile. It is always started again (finally).
 * 2. crash-loop: many more kill -9 / restart cycles than the test suite's
 *    crash test, on PostgreSQL and on PGlite (data folder).
 *
 * `npm run soak -- outage` or `-- crash-loop` runs one; `--kills N`, `--down S`.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openDatabase } from '../server/db/database.ts';
import { parseOptions } from './lib/options.ts';
import { createDatabase, dropDatabase } from './lib/pg-admin.ts';
import { spawnServer, type ServerProcess } from './lib/server-process.ts';
import { request } from './lib/http.ts';
import { addAnnotators, bootstrapOrg, createProject, importGenerated, LABELS, sleep, type Annotator } from './lib/tally-setup.ts';
import { checkInvariants, exportedAnnotationIds, runLoad, type Ack } from '../server/reliability/load.ts';

const { opts, names } = parseOptions();
const flags = new Map(process.argv.slice(2).flatMap((a, i, all) => (a.startsWith('--') && all[i + 1] && !all[i + 1].startsWith('--') ? [[a.slice(2), all[i + 1]]] : [])));
const KILLS = Number(flags.get('kills') ?? 10);
const DOWN_SECONDS = Number(flags.get('down') ?? 5);

function cluster(action: 'stop' | 'start') {
  const version = readdirSync('/etc/postgresql')[0];
  execFileSync('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', action], { stdio: 'inherit' });
}

async function pgUp(url: string): Promise<boolean> {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
  try {
    await c.connect();
    await c.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => {});
  }
}

type Phase = 'before' | 'down' | 'after';

/** Claim -> submit loops that tag every answer with the phase it arrived in. */
function phasedLoad(url: string, projectId: number, annotators: Annotator[], phase: () => Phase) {
  const seen: Record<Phase, Record<string, number>> = { before: {}, down: {}, after: {} };
  const acks: Ack[] = [];
  let hung = 0;
  let running = true;
  const note = (p: Phase, key: string) => (seen[p][key] = (seen[p][key] ?? 0) + 1);
  const loops = annotators.map(async (a, i) => {
    let n = i;
    while (running) {
      const p = phase();
      try {
        const c = await request(url, 'POST', `/api/v1/projects/${projectId}/claims`, { token: a.token, timeoutMs: 15_000 });
        note(p, `claim ${c.status}${c.body?.error?.code ? ` ${c.body.error.code}` : ''}`);
        if (c.status !== 200) {
          await sleep(c.status === 503 ? 100 : 20);
          continue;
        }
        for (;;) {
          const s = await request(url, 'POST', `/api/v1/claims/${c.body.claim.id}/submit`, {
            token: a.token,
            json: { value: { sentiment: LABELS[n++ % 3] }, activeMs: 900 },
            timeoutMs: 15_000,
          });
          note(phase(), `submit ${s.status}${s.body?.error?.code ? ` ${s.body.error.code}` : ''}`);
          if (s.status === 200 || s.status === 201) {
            acks.push({ claimId: c.body.claim.id, taskId: c.body.task.id, userId: s.body.annotation.userId, annotationId: s.body.annotation.id });
            break;
          }
          if (s.status !== 503 || !running) break;
          await sleep(100); // submit is idempotent: retry until the database is back
        }
      } catch (e) {
        if ((e as Error).message === 'timeout') hung++;
        note(p, `socket error ${(e as Error).message}`);
        await sleep(100);
      }
    }
  });
  return {
    seen,
    acks,
    get hung() {
      return hung;
    },
    async stop() {
      running = false;
      await Promise.all(loops);
    },
  };
}

async function outage(): Promise<string[]> {
  const problems: string[] = [];
  const dbName = 'tally_soak_outage';
  const databaseUrl = await createDatabase(opts.pgUrl, dbName);
  let server: ServerProcess | undefined;
  let stopped = false;
  try {
    server = await spawnServer({ databaseUrl });
    const org = await bootstrapOrg(server.url);
    const annotators = await addAnnotators(server.url, org.token, 16);
    const projectId = await createProject(server.url, org.token, { overlap: 3, leaseSeconds: 60 });
    await importGenerated(server.url, org.token, projectId, 5000);
    let phase: Phase = 'before';
    const load = phasedLoad(server.url, projectId, annotators, () => phase);
    await sleep(3000);
    console.log(`outage: stopping PostgreSQL for ${DOWN_SECONDS} s`);
    stopped = true;
    cluster('stop');
    phase = 'down';
    await sleep(DOWN_SECONDS * 1000);
    cluster('start');
    stopped = false;
    for (let i = 0; i < 100 && !(await pgUp(opts.pgUrl)); i++) await sleep(200);
    console.log('outage: PostgreSQL is back');
    phase = 'after';
    await sleep(5000);
    await load.stop();
    console.log('outage: answers by phase', JSON.stringify(load.seen, null, 2));

    const down = load.seen.down;
    const unavailable = Object.entries(down).filter(([k]) => k.endsWith('503 database_unavailable')).reduce((s, [, v]) => s + v, 0);
    if (unavailable === 0) problems.push('no 503 database_unavailable while PostgreSQL was down');
    for (const [k, v] of Object.entries(down)) {
      if (/ 5\d\d/.test(k) && !k.endsWith('503 database_unavailable')) problems.push(`while down: ${v} x "${k}"`);
    }
    for (const p of ['before', 'after'] as const) {
      for (const [k, v] of Object.entries(load.seen[p])) if (/ 5\d\d|socket/.test(k)) problems.push(`${p}: ${v} x "${k}"`);
    }
    const recovered = (load.seen.after['submit 201'] ?? 0) > 0 && (load.seen.after['claim 200'] ?? 0) > 0;
    if (!recovered) problems.push('no successful claim and submit after PostgreSQL came back (no recovery without restart)');
    if (server.child.exitCode !== null) problems.push('the server process exited during the outage');
    if (load.hung) problems.push(`${load.hung} requests hung for 15 s`);

    const exp = await request(server.url, 'GET', `/api/v1/projects/${projectId}/results?format=jsonl`, { token: org.token });
    const exported = exportedAnnotationIds(exp.text);
    const database = await openDatabase({ databaseUrl, migrate: false });
    try {
      const r = await checkInvariants(database.db, projectId, load.acks);
      if (r.missingAcks.length) problems.push(`${r.missingAcks.length} acknowledged submissions missing`);
      if (load.acks.some((a) => !exported.has(a.annotationId))) problems.push('acknowledged submissions missing from the export');
      if (r.overCapacity.length) problems.push(`${r.overCapacity.length} tasks over capacity`);
      if (r.counterMismatch.length) problems.push(`${r.counterMismatch.length} tasks whose counters disagree with their rows`);
      if (r.duplicateUserTask) problems.push(`${r.duplicateUserTask} duplicate (task, user) annotations`);
      console.log(`outage: ${load.acks.length} acknowledged submissions, ${r.annotations} stored`);
    } finally {
      await database.close();
    }
  } finally {
    // Whatever happened above, the shared PostgreSQL must be running when we leave.
    if (stopped || !(await pgUp(opts.pgUrl))) {
      try {
        cluster('start');
      } catch (e) {
        console.error('could not start PostgreSQL again:', e);
      }
    }
    await server?.stop();
    await dropDatabase(opts.pgUrl, dbName).catch(() => {});
  }
  return problems;
}

async function crashLoop(engine: 'postgres' | 'pglite'): Promise<string[]> {
  const problems: string[] = [];
  const dbName = 'tally_soak_crash';
  const dir = await mkdtemp(join(tmpdir(), 'tally-soak-'));
  const where = engine === 'postgres' ? { databaseUrl: await createDatabase(opts.pgUrl, dbName) } : { dataDir: join(dir, 'data') };
  let server: ServerProcess | undefined;
  try {
    server = await spawnServer(where);
    const org = await bootstrapOrg(server.url);
    const annotators = await addAnnotators(server.url, org.token, 24);
    const lease = 5;
    const projectId = await createProject(server.url, org.token, { overlap: 3, leaseSeconds: lease });
    await importGenerated(server.url, org.token, projectId, 3000);
    const load = runLoad(() => server!.url, projectId, annotators, { abandonRate: 0.05 });
    for (let k = 0; k < KILLS; k++) {
      await sleep(1000 + Math.random() * 3000);
      await server.kill9();
      server = await spawnServer({ ...where, port: server.port });
      process.stdout.write(`\rcrash-loop ${engine}: ${k + 1}/${KILLS} kills, ${load.stats.acks.length} acknowledged`);
    }
    process.stdout.write('\n');
    await sleep(2000);
    const stats = await load.stop();
    await sleep(lease * 1000 + 500);
    await request(server.url, 'POST', `/api/v1/projects/${projectId}/claims`, { token: annotators[0].token });
    const exp = await request(server.url, 'GET', `/api/v1/projects/${projectId}/results?format=jsonl`, { token: org.token });
    const exported = exportedAnnotationIds(exp.text);
    await server.stop();
    const database = await openDatabase({ ...where, migrate: false });
    try {
      const r = await checkInvariants(database.db, projectId, stats.acks);
      if (r.missingAcks.length) problems.push(`${engine}: ${r.missingAcks.length} acknowledged submissions missing`);
      if (stats.acks.some((a) => !exported.has(a.annotationId))) problems.push(`${engine}: acknowledged submissions missing from the export`);
      if (r.overCapacity.length) problems.push(`${engine}: ${r.overCapacity.length} tasks over capacity`);
      if (r.counterMismatch.length) problems.push(`${engine}: ${r.counterMismatch.length} tasks whose counters disagree with their rows`);
      if (r.duplicateUserTask) problems.push(`${engine}: ${r.duplicateUserTask} duplicate (task, user) annotations`);
      if (r.stuckClaims) problems.push(`${engine}: ${r.stuckClaims} claims still active after their lease and a reap`);
      const fives = Object.entries(stats.statuses).filter(([s]) => Number(s) >= 500);
      if (fives.length) problems.push(`${engine}: 5xx answers ${JSON.stringify(Object.fromEntries(fives))}`);
      console.log(`crash-loop ${engine}: ${KILLS} kills, ${stats.acks.length} acknowledged, ${r.annotations} stored, ${stats.connectionErrors} connection errors`);
    } finally {
      await database.close();
    }
  } finally {
    await server?.kill9();
    if (engine === 'postgres') await dropDatabase(opts.pgUrl, dbName).catch(() => {});
    await rm(dir, { recursive: true, force: true });
  }
  return problems;
}

const scenarios: Record<string, () => Promise<string[]>> = {
  'crash-loop': async () => [...(await crashLoop('postgres')), ...(await crashLoop('pglite'))],
  outage,
};
let failed = false;
for (const name of names.length ? names : Object.keys(scenarios)) {
  const f = scenarios[name];
  if (!f) {
    console.error(`unknown scenario ${name}; known: ${Object.keys(scenarios).join(', ')}`);
    process.exit(2);
  }
  const problems = await f();
  console.log(`${name}: ${problems.length ? `FAIL\n  - ${problems.join('\n  - ')}` : 'PASS'}`);
  failed ||= problems.length > 0;
}
process.exit(failed ? 1 : 0);
