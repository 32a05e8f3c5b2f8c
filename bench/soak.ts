/**
 * `npm run soak`: the reliability scenarios too long for the test suite.
 *
 * 1. outage: under claim/submit load, a private, throwaway PostgreSQL cluster
 *    (server/reliability/private-cluster.ts: initdb in a temp folder, its own
 *    port) is stopped for `--down` seconds (default 30) and started again.
 *    While it is down the server must answer 503 with code
 *    `database_unavailable` (never another 5xx, never hang); once it is back
 *    the same server process must recover without a restart, and the queue
 *    invariants must hold. The same scenario, with 10 s down, runs in
 *    `npm test` (server/reliability/outage.test.ts); the shared PostgreSQL is
 *    never stopped.
 * 2. crash-loop: many more kill -9 / restart cycles than the test suite's
 *    crash test, on PostgreSQL and on PGlite (data folder).
 *
 * `npm run soak -- outage` or `-- crash-loop` runs one; `--kills N`, `--down S`.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../server/db/database.ts';
import { parseOptions } from './lib/options.ts';
import { createDatabase, dropDatabase } from './lib/pg-admin.ts';
import { spawnServer, type ServerProcess } from './lib/server-process.ts';
import { request } from './lib/http.ts';
import { addAnnotators, bootstrapOrg, createProject, importGenerated, sleep } from './lib/tally-setup.ts';
import { checkInvariants, databaseNow, exportedAnnotationIds, invariantProblems, runLoad } from '../server/reliability/load.ts';
import { runOutage } from '../server/reliability/outage.ts';

const { opts, names } = parseOptions();
const flags = new Map(process.argv.slice(2).flatMap((a, i, all) => (a.startsWith('--') && all[i + 1] && !all[i + 1].startsWith('--') ? [[a.slice(2), all[i + 1]]] : [])));
const KILLS = Number(flags.get('kills') ?? 10);
const DOWN_SECONDS = Number(flags.get('down') ?? 30);

/** The shared scenario (server/reliability/outage.ts) on a private cluster, down longer than the test's 10 s. */
async function outage(): Promise<string[]> {
  const r = await runOutage({ downSeconds: DOWN_SECONDS, tasks: 5000, log: (line) => console.log(line) });
  console.log('outage: answers by phase', JSON.stringify(r.seen, null, 2));
  const ms = (v: number | undefined) => (v === undefined ? '-' : `${Math.round(v).toLocaleString('en-US')} ms`);
  console.log(
    `outage: down ${ms(r.downMs)}: ${r.unavailableWhileDown.toLocaleString('en-US')} x 503 database_unavailable (slowest answer ${ms(r.slowestMs.down)}); ` +
      `first success ${ms(r.recoveryMs)} after PostgreSQL was back; ${r.acks.toLocaleString('en-US')} acknowledged submissions, ${r.stored.toLocaleString('en-US')} stored`,
  );
  return r.problems;
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
    const reapedAt = await databaseNow(where);
    await request(server.url, 'POST', `/api/v1/projects/${projectId}/claims`, { token: annotators[0].token });
    const exp = await request(server.url, 'GET', `/api/v1/projects/${projectId}/results?format=jsonl`, { token: org.token });
    const exported = exportedAnnotationIds(exp.text);
    await server.stop();
    const database = await openDatabase({ ...where, migrate: false });
    try {
      const r = await checkInvariants(database.db, projectId, stats.acks, reapedAt);
      problems.push(...invariantProblems(r, stats.acks, exported, { stuckClaims: true }).map((p) => `${engine}: ${p}`));
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
