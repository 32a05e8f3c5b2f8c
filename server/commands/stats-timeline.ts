import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { AuthContext } from '../http/auth-hook.ts';
import { authorize } from '../policies/roles.ts';
import { getProject } from './projects.ts';

export interface TimelineQuery {
  bucket: 'hour' | 'day';
  since?: Date;
}

/** At most this many buckets per answer (90 days by day, ~3 weeks by hour). */
export const MAX_BUCKETS = 500;

/**
 * A project's work over time, per hour or day: annotations submitted, tasks
 * completed and reviews made in each bucket, oldest first, with empty buckets
 * filled in so a chart can plot them directly. Each series is one grouped
 * query over an indexed timestamp.
 */
export async function statsTimeline(db: Kysely<DB>, auth: AuthContext, projectId: number, q: TimelineQuery) {
  authorize(auth.role, 'stats.read');
  await getProject(db, auth, projectId);
  const stepMs = q.bucket === 'hour' ? 3_600_000 : 86_400_000;
  const since = q.since ?? new Date(Date.now() - (q.bucket === 'hour' ? 48 : 30) * stepMs);
  const from = new Date(Math.max(since.getTime(), Date.now() - MAX_BUCKETS * stepMs));
  const unit = q.bucket;
  const series = (table: 'annotations' | 'tasks' | 'reviews', column: 'created_at' | 'done_at') =>
    sql<{ at: Date; n: number }>`
      select date_trunc(${unit}, x.${sql.ref(column)}, 'UTC') as at, count(*)::int as n
      from ${sql.table(table)} x
      ${table === 'reviews' ? sql`join tasks t on t.id = x.task_id where t.project_id = ${projectId}` : sql`where x.project_id = ${projectId}`}
        and x.${sql.ref(column)} >= ${from}
      group by 1`.execute(db);
  const [annotations, done, reviews] = await Promise.all([series('annotations', 'created_at'), series('tasks', 'done_at'), series('reviews', 'created_at')]);
  const start = truncate(from, q.bucket);
  const buckets = new Map<number, { at: Date; annotations: number; tasksDone: number; reviews: number }>();
  for (let t = start.getTime(); t <= Date.now(); t += stepMs) buckets.set(t, { at: new Date(t), annotations: 0, tasksDone: 0, reviews: 0 });
  const add = (rows: Array<{ at: Date; n: number }>, key: 'annotations' | 'tasksDone' | 'reviews') => {
    for (const r of rows) {
      const b = buckets.get(new Date(r.at).getTime());
      if (b) b[key] = r.n;
    }
  };
  add(annotations.rows, 'annotations');
  add(done.rows, 'tasksDone');
  add(reviews.rows, 'reviews');
  return { bucket: q.bucket, since: start, items: [...buckets.values()] };
}

/** The start of the UTC hour or day holding `d`, as date_trunc(..., 'UTC') computes it. */
function truncate(d: Date, bucket: 'hour' | 'day'): Date {
  const t = new Date(d);
  t.setUTCMinutes(0, 0, 0);
  if (bucket === 'day') t.setUTCHours(0);
  return t;
}
