/**
 * The database-outage scenario, shared by `outage.test.ts` (npm test, 10 s
 * down) and `npm run soak -- outage` (longer): a real `tally serve` on a
 * private PostgreSQL cluster (private-cluster.ts, so nobody else's database
 * goes down), claim/submit load, the cluster stopped for `downSeconds` and
 * started again. Judged on:
 * - while it is down, every answer is 503 `database_unavailable`: no other
 *   5xx, no other status, no dropped connection, no request left hanging;
 * - the same server process recovers without a restart (claims and submits
 *   succeed again) and never exits;
 * - the queue invariants (load.ts): every acknowledged submission stored and
 *   exported, no task over capacity, counters agree, no (task, user) twice.
 */
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { openDatabase } from '../db/database.ts';
import { createDatabase } from '../../bench/lib/pg-admin.ts';
import { request, type HttpRes } from '../../bench/lib/http.ts';
import { spawnServer, type ServerProcess } from '../../bench/lib/server-process.ts';
import { addAnnotators, bootstrapOrg, createProject, importGenerated, LABELS, sleep, type Annotator } from '../../bench/lib/tally-setup.ts';
import { checkInvariants, exportedAnnotationIds, invariantProblems, type Ack } from './load.ts';
import { startPrivateCluster, type PrivateCluster } from './private-cluster.ts';

/** Accepts a connection and answers `select 1` within a second. */
export async function pgUp(url: string): Promise<boolean> {
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

/** Where the database is while the scenario runs; `stopping`/`starting` last as long as pg_ctl does. */
export type Phase = 'before' | 'stopping' | 'down' | 'starting' | 'after';
/**
 * An answer is counted in the phase its request both started and ended in;
 * one that spans a change, or was sent while pg_ctl ran, is on the `edge`
 * (it may legitimately succeed or get a 503).
 */
export type Bucket = 'before' | 'down' | 'after' | 'edge';
export type Answers = Record<Bucket, Record<string, number>>;

const UNAVAILABLE = '503 database_unavailable';
/**
 * A request without an answer for this long counts as hung: longer than the
 * server's 5 s wait for a pool connection (database.ts), shorter than the
 * outage, so a request that waits for the database to come back is caught.
 */
export const HANG_MS = 7000;

function bucketOf(start: Phase, end: Phase): Bucket {
  return start === end && (start === 'before' || start === 'down' || start === 'after') ? start : 'edge';
}

/** Claim -> submit loops that count every answer in the bucket of the phase(s) it arrived in. */
export function phasedLoad(url: string, projectId: number, annotators: Annotator[], phase: () => Phase) {
  const seen: Answers = { before: {}, down: {}, after: {}, edge: {} };
  const slowestMs: Record<Bucket, number> = { before: 0, down: 0, after: 0, edge: 0 };
  const acks: Ack[] = [];
  let hung = 0;
  let firstAfterSuccess: number | undefined;
  let running = true;
  async function call(kind: 'claim' | 'submit', path: string, token: string, json?: unknown): Promise<HttpRes | undefined> {
    const p0 = phase();
    const t0 = performance.now();
    let key: string;
    let res: HttpRes | undefined;
    try {
      res = await request(url, 'POST', path, { token, json, timeoutMs: HANG_MS });
      key = `${kind} ${res.status}${res.body?.error?.code ? ` ${res.body.error.code}` : ''}`;
      // A 503 tells the client when to try again; one without Retry-After counts as a different answer.
      if (res.status === 503 && !res.headers['retry-after']) key += ' without retry-after';
    } catch (e) {
      if ((e as Error).message === 'timeout') hung++;
      key = `${kind} socket error ${(e as Error).message}`;
    }
    const t1 = performance.now();
    const b = bucketOf(p0, phase());
    seen[b][key] = (seen[b][key] ?? 0) + 1;
    slowestMs[b] = Math.max(slowestMs[b], t1 - t0);
    if (b === 'after' && res && res.status < 300 && firstAfterSuccess === undefined) firstAfterSuccess = t1;
    return res;
  }
  const loops = annotators.map(async (a, i) => {
    let n = i;
    while (running) {
      const c = await call('claim', `/api/v1/projects/${projectId}/claims`, a.token);
      if (c?.status !== 200) {
        await sleep(c?.status === 503 || !c ? 100 : 20);
        continue;
      }
      for (;;) {
        const s = await call('submit', `/api/v1/claims/${c.body.claim.id}/submit`, a.token, {
          value: { sentiment: LABELS[n++ % 3] },
          activeMs: 900,
        });
        if (s && (s.status === 200 || s.status === 201)) {
          acks.push({ claimId: c.body.claim.id, taskId: c.body.task.id, userId: s.body.annotation.userId, annotationId: s.body.annotation.id });
          break;
        }
        if (s?.status !== 503 || !running) break;
        await sleep(100); // submit is idempotent: retry until the database is back
      }
    }
  });
  return {
    seen,
    slowestMs,
    acks,
    get hung() {
      return hung;
    },
    /** performance.now() of the first 2xx sent and answered after the database was back. */
    get firstAfterSuccess() {
      return firstAfterSuccess;
    },
    async stop() {
      running = false;
      await Promise.all(loops);
    },
  };
}

const sum = (o: Record<string, number>, pred: (k: string) => boolean) =>
  Object.entries(o)
    .filter(([k]) => pred(k))
    .reduce((s, [, v]) => s + v, 0);

/** What the answers say was wrong (empty: the outage was handled as promised). */
export function judgeAnswers(seen: Answers, o: { hung: number; serverExit: string | undefined }): string[] {
  const problems: string[] = [];
  // First, as it explains most of what follows (the server output shows why).
  if (o.serverExit) problems.push(`the server process exited during the outage (exit ${o.serverExit})`);
  const fiveXX = (k: string) => / 5\d\d/.test(k) && !k.endsWith(UNAVAILABLE);
  if (sum(seen.down, (k) => k.endsWith(UNAVAILABLE)) === 0) problems.push(`no ${UNAVAILABLE} while PostgreSQL was down`);
  // Down: nothing but 503 database_unavailable (no other 5xx, no 4xx from a failed auth lookup, no dropped connection).
  for (const [k, v] of Object.entries(seen.down)) if (!k.endsWith(UNAVAILABLE)) problems.push(`while down: ${v} x "${k}"`);
  // Edge: success or 503 database_unavailable, never another 5xx or a dropped connection.
  for (const [k, v] of Object.entries(seen.edge)) if (fiveXX(k) || k.includes('socket')) problems.push(`while stopping/starting: ${v} x "${k}"`);
  // Up: no 5xx at all (not even 503: the database is there) and no dropped connection.
  for (const p of ['before', 'after'] as const) {
    for (const [k, v] of Object.entries(seen[p])) if (/ 5\d\d|socket/.test(k)) problems.push(`${p}: ${v} x "${k}"`);
  }
  const recovered = (seen.after['claim 200'] ?? 0) > 0 && sum(seen.after, (k) => k === 'submit 200' || k === 'submit 201') > 0;
  if (!recovered) problems.push('no successful claim and submit after PostgreSQL came back (no recovery without restart)');
  if (o.hung) problems.push(`${o.hung} requests hung (no answer within ${HANG_MS / 1000} s)`);
  return problems;
}

export interface OutageOptions {
  downSeconds: number;
  annotators?: number;
  tasks?: number;
  /** Load before the stop and after the database is back. */
  beforeMs?: number;
  afterMs?: number;
  log?: (line: string) => void;
}

export interface OutageReport {
  problems: string[];
  seen: Answers;
  /** Longest wait for an answer per bucket, ms. */
  slowestMs: Record<Bucket, number>;
  acks: number;
  stored: number;
  /** 503 database_unavailable answers while the database was down. */
  unavailableWhileDown: number;
  /** pg_ctl stop -> pg_ctl start, ms. */
  downMs: number;
  /** Database accepting connections again -> the first 2xx of a request sent after that, ms. */
  recoveryMs: number | undefined;
  totalMs: number;
}

/** Runs the whole scenario on a private cluster and cleans up after itself (cluster folder included). */
export async function runOutage(o: OutageOptions): Promise<OutageReport> {
  const log = o.log ?? (() => {});
  const t0 = performance.now();
  let cluster: PrivateCluster | undefined;
  let server: ServerProcess | undefined;
  try {
    cluster = await startPrivateCluster();
    const databaseUrl = await createDatabase(cluster.adminUrl, 'tally_outage');
    server = await spawnServer({ databaseUrl });
    const org = await bootstrapOrg(server.url);
    const annotators = await addAnnotators(server.url, org.token, o.annotators ?? 16);
    // A long lease: claims left open by the outage must not be reaped mid-scenario (it is not what this tests).
    const projectId = await createProject(server.url, org.token, { overlap: 3, leaseSeconds: 600 });
    await importGenerated(server.url, org.token, projectId, o.tasks ?? 2000);

    let phase: Phase = 'before';
    const load = phasedLoad(server.url, projectId, annotators, () => phase);
    await sleep(o.beforeMs ?? 3000);
    log(`outage: stopping the private PostgreSQL (port ${cluster.port}) for ${o.downSeconds} s`);
    phase = 'stopping';
    await cluster.stop('fast');
    phase = 'down';
    const downAt = performance.now();
    await sleep(o.downSeconds * 1000);
    phase = 'starting';
    const downMs = performance.now() - downAt;
    await cluster.start();
    for (let i = 0; i < 100 && !(await pgUp(cluster.adminUrl)); i++) await sleep(200);
    const upAt = performance.now();
    phase = 'after';
    log('outage: PostgreSQL is back');
    await sleep(o.afterMs ?? 5000);
    await load.stop();

    const { exitCode, signalCode } = server.child;
    const problems = judgeAnswers(load.seen, { hung: load.hung, serverExit: exitCode !== null || signalCode !== null ? `${exitCode ?? signalCode}` : undefined });
    const exp = await request(server.url, 'GET', `/api/v1/projects/${projectId}/results?format=jsonl`, { token: org.token }).catch((e: Error) => e);
    const exportOk = !(exp instanceof Error) && exp.status === 200;
    if (!exportOk) problems.push(`the export failed after the outage: ${exp instanceof Error ? exp.message : exp.status}`);
    const exported = exportOk ? exportedAnnotationIds(exp.text) : undefined;
    let stored = 0;
    const database = await openDatabase({ databaseUrl, migrate: false });
    try {
      const r = await checkInvariants(database.db, projectId, load.acks);
      stored = r.annotations;
      // No stuck-claims check: the long lease keeps the claims the outage interrupted, on purpose.
      problems.push(...invariantProblems(r, load.acks, exported));
    } finally {
      await database.close();
    }
    if (problems.length) log(`outage: server output:\n${server.output().slice(-4000)}`);
    return {
      problems,
      seen: load.seen,
      slowestMs: load.slowestMs,
      acks: load.acks.length,
      stored,
      unavailableWhileDown: sum(load.seen.down, (k) => k.endsWith(UNAVAILABLE)),
      downMs,
      recoveryMs: load.firstAfterSuccess === undefined ? undefined : load.firstAfterSuccess - upAt,
      totalMs: performance.now() - t0,
    };
  } finally {
    await server?.stop();
    await cluster?.destroy();
  }
}
