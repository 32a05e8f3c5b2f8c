import { sql, type Kysely } from 'kysely';
import type { DB } from '../schema.ts';

export interface ExportRow {
  id: number;
  unique_id: string | null;
  data: unknown;
  status: string;
  gold: unknown;
  result: unknown;
  confidence: number | null;
  method: string | null;
  agreement: number | null;
  annotations: Array<{ id: number; userId: number; value: unknown; activeMs: number; createdAt: string }> | null;
}

/**
 * One page of the export: tasks after `afterId` in id order with their result
 * and annotations aggregated in the database. Keyset pagination keeps memory
 * flat however large the project: each page is its own short query, so the
 * export holds no long transaction or cursor and works the same on PGlite.
 */
export async function exportPage(
  db: Kysely<DB>,
  p: { projectId: number; orgId: number; afterId: number; limit: number; includeGold: boolean; status?: string },
): Promise<ExportRow[]> {
  const res = await sql<ExportRow>`
    select t.id, t.unique_id, t.data, t.status, t.gold,
           r.value as result, r.confidence, r.method, r.agreement,
           (select json_agg(json_build_object(
                     'id', a.id, 'userId', a.user_id, 'value', a.value,
                     'activeMs', a.active_ms, 'createdAt', a.created_at) order by a.id)
              from annotations a where a.task_id = t.id) as annotations
    from tasks t
    left join results r on r.task_id = t.id
    where t.project_id = ${p.projectId} and t.org_id = ${p.orgId} and t.id > ${p.afterId}
      and (${p.includeGold} or t.gold is null)
      and (${p.status ?? null}::text is null or t.status = ${p.status ?? null})
    order by t.id
    limit ${p.limit}`.execute(db);
  return res.rows;
}
