import type { Kysely } from 'kysely';
import type { DB, TaskStatus } from '../db/schema.ts';
import { errors } from '../errors.ts';
import type { AuthContext } from '../http/auth-hook.ts';
import { authorize } from '../policies/roles.ts';
import { getProject } from './projects.ts';

export interface TaskListQuery {
  status?: TaskStatus;
  cursor?: number;
  limit: number;
  maxConfidence?: number;
  annotator?: number;
  gold?: boolean;
  /** Also count every task matching the filters (one more query; off by default). */
  total?: boolean;
}

/** A page of a project's tasks with their results, by id (keyset pagination: stable under inserts). */
export async function listTasks(db: Kysely<DB>, auth: AuthContext, projectId: number, q: TaskListQuery) {
  authorize(auth.role, 'tasks.read');
  await getProject(db, auth, projectId);
  // The filters, shared by the page and the optional total.
  const filtered = (after: number) => {
    let query = db
      .selectFrom('tasks as t')
      // The repeated cursor bound keeps a merge join from reading results from the start on every page.
      .leftJoin('results as r', (j) => j.onRef('r.task_id', '=', 't.id').on('r.task_id', '>', after))
      .where('t.project_id', '=', projectId)
      .where('t.org_id', '=', auth.orgId)
      .where('t.id', '>', after);
    if (q.status) query = query.where('t.status', '=', q.status);
    if (q.maxConfidence !== undefined) query = query.where('r.confidence', '<', q.maxConfidence);
    if (q.gold !== undefined) query = query.where('t.gold', q.gold ? 'is not' : 'is', null);
    if (q.annotator !== undefined) {
      const annotator = q.annotator;
      query = query.where(({ exists, selectFrom }) =>
        exists(selectFrom('annotations as a').select('a.id').whereRef('a.task_id', '=', 't.id').where('a.user_id', '=', annotator)),
      );
    }
    return query;
  };
  const [rows, total] = await Promise.all([
    filtered(q.cursor ?? 0)
      .selectAll('t')
      .select(['r.value as r_value', 'r.confidence as r_confidence', 'r.method as r_method', 'r.agreement as r_agreement', 'r.fields as r_fields', 'r.updated_at as r_updated_at'])
      .orderBy('t.id')
      .limit(q.limit + 1)
      .execute(),
    q.total ? filtered(0).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow() : undefined,
  ]);
  return { rows: rows.slice(0, q.limit), next: rows.length > q.limit ? rows[q.limit - 1].id : null, total: total ? Number(total.n) : undefined };
}

/** One task of the caller's org with every annotation and the result. */
export async function getTask(db: Kysely<DB>, auth: AuthContext, taskId: number) {
  authorize(auth.role, 'tasks.read');
  const task = await db.selectFrom('tasks').selectAll().where('id', '=', taskId).where('org_id', '=', auth.orgId).executeTakeFirst();
  if (!task) throw errors.notFound('Task', taskId);
  const [annotations, result, reviews, skips, predictions] = await Promise.all([
    db
      .selectFrom('annotations as a')
      .innerJoin('users as u', 'u.id', 'a.user_id')
      .select(['a.id', 'a.task_id', 'a.user_id', 'a.claim_id', 'a.value', 'a.active_ms', 'a.created_at', 'u.name as user_name', 'u.email as user_email'])
      .where('a.task_id', '=', taskId)
      .orderBy('a.id')
      .execute(),
    db.selectFrom('results').selectAll().where('task_id', '=', taskId).executeTakeFirst(),
    db
      .selectFrom('reviews as r')
      .innerJoin('users as u', 'u.id', 'r.reviewer_id')
      .select(['r.id', 'r.verdict', 'r.value', 'r.comment', 'r.reviewer_id', 'u.name as reviewer_name', 'r.created_at'])
      .where('r.task_id', '=', taskId)
      .orderBy('r.id')
      .execute(),
    db
      .selectFrom('claims as c')
      .innerJoin('users as u', 'u.id', 'c.user_id')
      .select(['c.user_id', 'u.name as user_name', 'c.stage', 'c.skip_reason', 'c.updated_at'])
      .where('c.task_id', '=', taskId)
      .where('c.status', '=', 'skipped')
      .orderBy('c.id')
      .execute(),
    db.selectFrom('predictions').select(['model', 'value', 'score']).where('task_id', '=', taskId).orderBy('id').execute(),
  ]);
  return { task, annotations, result, reviews, skips, predictions };
}
