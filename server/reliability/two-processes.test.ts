/**
 * Two API processes on one PostgreSQL database under the claims load: the
 * queue's invariants hold across processes (design.md: API processes are
 * stateless, everything that must survive lives in PostgreSQL). PGlite is
 * one process by construction, so this runs on PostgreSQL only.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { DB_KIND, PG_ADMIN_URL } from '../../test/harness.ts';
import { createDatabase, dropDatabase } from '../../bench/lib/pg-admin.ts';
import { spawnServer, type ServerProcess } from '../../bench/lib/server-process.ts';
import { request } from '../../bench/lib/http.ts';
import { addAnnotators, bootstrapOrg, createProject, importGenerated, sleep } from '../../bench/lib/tally-setup.ts';
import { databaseNow, runLoad } from './load.ts';
import { expectQueueInvariants } from './expect-invariants.ts';

const LEASE_SECONDS = 5;

describe.skipIf(DB_KIND !== 'postgres')('two API processes on one PostgreSQL (PostgreSQL only: PGlite is single-process)', () => {
  const cleanup: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const f of cleanup.reverse()) await f().catch(() => {});
  });

  it('shares one queue without over-claiming, double-claiming or losing acknowledged work', async () => {
    const dbName = `tally_rel_two_${process.pid}`;
    const databaseUrl = await createDatabase(PG_ADMIN_URL, dbName);
    cleanup.push(() => dropDatabase(PG_ADMIN_URL, dbName));
    // Both start at once: the migration lock must make one wait for the other.
    const servers: ServerProcess[] = await Promise.all([spawnServer({ databaseUrl }), spawnServer({ databaseUrl })]);
    for (const s of servers) cleanup.push(() => s.stop());
    const org = await bootstrapOrg(servers[0].url);
    const annotators = await addAnnotators(servers[1].url, org.token, 16);
    // Few tasks for many annotators: they all fight over the head of the queue.
    const projectId = await createProject(servers[0].url, org.token, { overlap: 3, leaseSeconds: LEASE_SECONDS });
    await importGenerated(servers[1].url, org.token, projectId, 150);

    // Every request goes to either process at random, so a claim is often taken on one process and
    // submitted on the other: the hardest case for any per-process state.
    const load = runLoad((i) => servers[(i + Math.floor(Math.random() * 2)) % 2].url, projectId, annotators, { abandonRate: 0.05 });
    await sleep(8000);
    const stats = await load.stop();
    expect(stats.acks.length).toBeGreaterThan(100);
    expect(Object.keys(stats.statuses).filter((s) => Number(s) >= 500)).toEqual([]);

    await sleep(LEASE_SECONDS * 1000 + 500);
    const reapedAt = await databaseNow({ databaseUrl });
    const c = await request(servers[1].url, 'POST', `/api/v1/projects/${projectId}/claims`, { token: annotators[0].token });
    expect([200, 204]).toContain(c.status);
    const exp = await request(servers[0].url, 'GET', `/api/v1/projects/${projectId}/results?format=jsonl`, { token: org.token });

    await expectQueueInvariants({ databaseUrl }, projectId, stats.acks, exp.text, reapedAt);
  });
});
