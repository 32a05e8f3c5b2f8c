/**
 * Shared pieces of the reliability tests: an annotator load that survives
 * its server going away (it records only what the server acknowledged), and
 * the queue invariants checked in SQL afterwards.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { request } from '../../bench/lib/http.ts';
import { withClient } from '../../bench/lib/pg-admin.ts';
import { LABELS, sleep, type Annotator } from '../../bench/lib/tally-setup.ts';

export interface Ack {
  claimId: number;
  taskId: number;
  userId: number;
  annotationId: number;
}

export interface LoadStats {
  acks: Ack[];
  /** Claims we took and deliberately never submitted (their lease must expire and free the slot). */
  abandoned: number;
  statuses: Record<string, number>;
  /** Requests that failed at the socket (server killed or restarting). */
  connectionErrors: number;
}

/**
 * Annotator loops claim -> submit until `stop()` resolves. `urlOf(i)` picks
 * the server for annotator i (several API processes). A claim is abandoned
 * with probability `abandonRate`. A submit that fails at the socket is
 * retried (submit is idempotent); a 2xx is recorded as acknowledged.
 */
export function runLoad(
  urlOf: (i: number) => string,
  projectId: number,
  annotators: Array<Annotator & { userId?: number }>,
  o: { abandonRate?: number } = {},
) {
  const stats: LoadStats = { acks: [], abandoned: 0, statuses: {}, connectionErrors: 0 };
  let running = true;
  const count = (s: number) => (stats.statuses[s] = (stats.statuses[s] ?? 0) + 1);
  async function call(i: number, path: string, token: string, json?: unknown) {
    for (;;) {
      try {
        const r = await request(urlOf(i), 'POST', path, { token, json, timeoutMs: 15_000 });
        count(r.status);
        return r;
      } catch {
        stats.connectionErrors++;
        if (!running) return undefined;
        await sleep(50);
      }
    }
  }
  const loops = annotators.map(async (a, i) => {
    let n = i;
    while (running) {
      const c = await call(i, `/api/v1/projects/${projectId}/claims`, a.token);
      if (!c) return;
      if (c.status === 204) {
        await sleep(100);
        continue;
      }
      if (c.status !== 200) {
        await sleep(20);
        continue;
      }
      if (Math.random() < (o.abandonRate ?? 0)) {
        stats.abandoned++;
        continue;
      }
      const claimId = c.body.claim.id as number;
      // Idempotent submit: keep trying through restarts until we get an answer.
      let s;
      for (;;) {
        s = await call(i, `/api/v1/claims/${claimId}/submit`, a.token, { value: { sentiment: LABELS[n++ % 3] }, activeMs: 1000 });
        if (!s || s.status !== 503) break;
        await sleep(50);
      }
      if (s && (s.status === 200 || s.status === 201)) {
        stats.acks.push({ claimId, taskId: c.body.task.id, userId: s.body.annotation.userId, annotationId: s.body.annotation.id });
      }
    }
  });
  return {
    stats,
    async stop() {
      running = false;
      await Promise.all(loops);
      return stats;
    },
  };
}

export interface InvariantReport {
  missingAcks: number[];
  overCapacity: number[];
  counterMismatch: number[];
  duplicateUserTask: number;
  stuckClaims: number;
  annotations: number;
}

/**
 * The database's clock now, to compare with the leases it stamps: a
 * PostgreSQL server may run on another host. PGlite runs in this machine's
 * processes, on this clock.
 */
export async function databaseNow(where: { databaseUrl?: string }): Promise<Date> {
  if (!where.databaseUrl) return new Date();
  return withClient(where.databaseUrl, async (c) => (await c.query<{ now: Date }>('select now() as now')).rows[0].now);
}

/**
 * The queue's invariants, read from the database:
 * - every acknowledged submission is stored;
 * - no task has more annotations than `needed`, and active + submitted <= needed;
 * - the counters agree with the rows (submitted = annotations, active = live claims);
 * - no user annotated a task twice;
 * - no claim is still active that was past its lease when a reaping claim
 *   was sent (`reapedAt`; the claim that reaps is fresh then, but its own
 *   lease may have run out by the time this runs).
 */
export async function checkInvariants(
  db: Kysely<DB>,
  projectId: number,
  acks: Ack[],
  /** When the reaping claim was sent: a claim still active whose lease had ended by then is stuck. */
  reapedAt: Date = new Date(),
): Promise<InvariantReport> {
  const stored = new Set(
    (await sql<{ claim_id: number }>`select claim_id from annotations where project_id = ${projectId}`.execute(db)).rows.map((r) => Number(r.claim_id)),
  );
  const overCapacity = await sql<{ id: number }>`
    select t.id from tasks t
    where t.project_id = ${projectId}
      and (t.active + t.submitted > t.needed
           or (select count(*) from annotations a where a.task_id = t.id) > t.needed)`.execute(db);
  const mismatch = await sql<{ id: number }>`
    select t.id from tasks t
    where t.project_id = ${projectId}
      and (t.submitted <> (select count(*) from annotations a where a.task_id = t.id)
           or t.active <> (select count(*) from claims c where c.task_id = t.id and c.status = 'active'))`.execute(db);
  const dup = await sql<{ n: number }>`
    select count(*)::int as n from (
      select task_id, user_id from annotations where project_id = ${projectId} group by 1, 2 having count(*) > 1) d`.execute(db);
  const stuck = await sql<{ n: number }>`
    select count(*)::int as n from claims where project_id = ${projectId} and status = 'active' and lease_until < ${reapedAt}`.execute(db);
  return {
    missingAcks: acks.filter((a) => !stored.has(a.claimId)).map((a) => a.claimId),
    overCapacity: overCapacity.rows.map((r) => Number(r.id)),
    counterMismatch: mismatch.rows.map((r) => Number(r.id)),
    duplicateUserTask: dup.rows[0].n,
    stuckClaims: stuck.rows[0].n,
    annotations: stored.size,
  };
}

/**
 * The report as problems, one line each (empty: every invariant holds), for
 * the scenarios that collect a verdict instead of asserting (soak, outage).
 * `exported` undefined: no export to check (its failure is reported apart).
 * `stuckClaims` only means something after the lease has passed and a claim reaped.
 */
export function invariantProblems(r: InvariantReport, acks: Ack[], exported: Set<number> | undefined, o: { stuckClaims?: boolean } = {}): string[] {
  const problems: string[] = [];
  if (r.missingAcks.length) problems.push(`${r.missingAcks.length} acknowledged submissions missing`);
  const unexported = exported ? acks.filter((a) => !exported.has(a.annotationId)).length : 0;
  if (unexported) problems.push(`${unexported} acknowledged submissions missing from the export`);
  if (r.overCapacity.length) problems.push(`${r.overCapacity.length} tasks over capacity`);
  if (r.counterMismatch.length) problems.push(`${r.counterMismatch.length} tasks whose counters disagree with their rows`);
  if (r.duplicateUserTask) problems.push(`${r.duplicateUserTask} duplicate (task, user) annotations`);
  if (o.stuckClaims && r.stuckClaims) problems.push(`${r.stuckClaims} claims still active after their lease and a reap`);
  return problems;
}

/** Annotation ids found in a JSONL export. */
export function exportedAnnotationIds(jsonl: string): Set<number> {
  const ids = new Set<number>();
  for (const line of jsonl.split('\n')) {
    if (!line.trim()) continue;
    for (const a of (JSON.parse(line) as { annotations: Array<{ id: number }> }).annotations) ids.add(a.id);
  }
  return ids;
}
