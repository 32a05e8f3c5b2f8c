/**
 * Crash: under claim/submit load, the server process is killed with SIGKILL
 * several times and restarted on the same database. Afterwards every
 * submission that got a 2xx is stored and exported, no task exceeds its
 * overlap, the counters agree with the rows, and once the lease has passed a
 * new claim frees every claim the crashes (or the annotators) left behind.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DB_KIND, PG_ADMIN_URL } from '../../test/harness.ts';
import { createDatabase, dropDatabase } from '../../bench/lib/pg-admin.ts';
import { spawnServer, type ServerProcess } from '../../bench/lib/server-process.ts';
import { request } from '../../bench/lib/http.ts';
import { addAnnotators, bootstrapOrg, createProject, importGenerated, sleep } from '../../bench/lib/tally-setup.ts';
import { databaseNow, runLoad } from './load.ts';
import { expectQueueInvariants } from './expect-invariants.ts';

const LEASE_SECONDS = 5;
const KILLS = 3;

describe(`crash: kill -9 under load and restart (${DB_KIND})`, () => {
  const cleanup: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const f of cleanup.reverse()) await f().catch(() => {});
  });

  it(`keeps every acknowledged submission and the queue invariants through ${KILLS} SIGKILLs`, async () => {
    const dbName = `tally_rel_crash_${process.pid}`;
    const dir = await mkdtemp(join(tmpdir(), 'tally-crash-'));
    cleanup.push(() => rm(dir, { recursive: true, force: true }));
    const where = DB_KIND === 'postgres' ? { databaseUrl: await createDatabase(PG_ADMIN_URL, dbName) } : { dataDir: join(dir, 'data') };
    if (DB_KIND === 'postgres') cleanup.push(() => dropDatabase(PG_ADMIN_URL, dbName));

    let server: ServerProcess = await spawnServer(where);
    cleanup.push(() => server.kill9());
    const org = await bootstrapOrg(server.url);
    const annotators = await addAnnotators(server.url, org.token, 12);
    const projectId = await createProject(server.url, org.token, { overlap: 3, leaseSeconds: LEASE_SECONDS });
    await importGenerated(server.url, org.token, projectId, 400);

    const load = runLoad(() => server.url, projectId, annotators, { abandonRate: 0.05 });
    for (let k = 0; k < KILLS; k++) {
      await sleep(1500 + Math.random() * 1500);
      await server.kill9();
      // Same port, same database: clients reconnect to the restarted process.
      server = await spawnServer({ ...where, port: server.port });
    }
    await sleep(1500);
    const stats = await load.stop();
    expect(stats.acks.length).toBeGreaterThan(50);
    expect(stats.connectionErrors).toBeGreaterThan(0); // the kills did hit in-flight work

    // After the lease passes, one claim reaps every claim left active by the crashes or abandoned.
    await sleep(LEASE_SECONDS * 1000 + 500);
    const reapedAt = await databaseNow(where);
    const c = await request(server.url, 'POST', `/api/v1/projects/${projectId}/claims`, { token: annotators[0].token });
    expect([200, 204]).toContain(c.status);

    const exp = await request(server.url, 'GET', `/api/v1/projects/${projectId}/results?format=jsonl`, { token: org.token });
    expect(exp.status).toBe(200);
    await server.stop();

    await expectQueueInvariants(where, projectId, stats.acks, exp.text, reapedAt);
  });
});
