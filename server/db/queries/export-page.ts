import { sql, type Kysely } from 'kysely';
import type { DB } from '../schema.ts';

export interface ExportPageRow {
  id: number;
  /** The task's JSONL line (format 'jsonl'), built by the database. */
  line?: string;
  /** CSV cells (format 'csv'): JSON columns arrive as JSON text, never parsed in Node. */
  unique_id?: string | null;
  status?: string;
  data?: string;
  result?: string | null;
  confidence?: number | null;
  method?: string | null;
  agreement?: number | null;
  annotation_count?: number;
  annotations?: string;
  /** The result's per-field details (format 'fields'). */
  fields?: string | null;
}

/**
 * One page of the export: tasks after `afterId` in id order with their result
 * and annotations. The database builds the JSON text itself, so Node only
 * concatenates strings: no row is parsed into objects and printed back.
 * Keyset pagination keeps memory flat however large the project: each page is
 * its own short query, so the export holds no long transaction or cursor and
 * works the same on PGlite.
 */
export interface ExportPageQuery {
  projectId: number;
  orgId: number;
  afterId: number;
  limit: number;
  includeGold: boolean;
  status?: string;
  /** Only these tasks (a later pass over the tasks an earlier pass chose; `status` still applies when given). */
  ids?: readonly number[];
  /** jsonl: a line built by the database; csv: the cells; fields: data and result as JSON text, for formats built in Node. */
  format: 'jsonl' | 'csv' | 'fields';
}

/** Every page of the export in id order, each read after the last id of the one before (see exportPage). */
export async function* exportPages(db: Kysely<DB>, p: Omit<ExportPageQuery, 'afterId'>): AsyncGenerator<ExportPageRow[]> {
  let afterId = 0;
  for (;;) {
    const page = await exportPage(db, { ...p, afterId });
    if (page.length === 0) return;
    yield page;
    afterId = page[page.length - 1].id;
    if (page.length < p.limit) return;
  }
}

export async function exportPage(db: Kysely<DB>, p: ExportPageQuery): Promise<ExportPageRow[]> {
  const annotations = sql`coalesce((
    select json_agg(json_build_object('id', a.id, 'userId', a.user_id, 'value', a.value,
                                      'activeMs', a.active_ms, 'createdAt', a.created_at) order by a.id)
    from annotations a where a.task_id = t.id), '[]'::json)`;
  const columns =
    p.format === 'fields'
      ? sql`t.id, t.unique_id, t.data::text as data, r.value::text as result, r.fields::text as fields`
      : p.format === 'jsonl'
      ? sql`t.id, json_build_object(
            'id', t.id, 'uniqueId', t.unique_id, 'data', t.data, 'status', t.status,
            ${p.includeGold ? sql`'gold', t.gold,` : sql``}
            'result', r.value, 'confidence', r.confidence, 'method', r.method, 'agreement', r.agreement,
            'annotations', ${annotations})::text as line`
      : sql`t.id, t.unique_id, t.status, t.data::text as data, r.value::text as result, r.confidence, r.method, r.agreement,
            (select count(*)::int from annotations a where a.task_id = t.id) as annotation_count,
            ${annotations}::text as annotations`;
  const res = await sql<ExportPageRow>`
    select ${columns}
    from tasks t
    -- The repeated range bound lets a merge join start its results scan at the
    -- page: without it every page read results from the first row, so a
    -- page's cost grew with its offset (a quadratic export).
    left join results r on r.task_id = t.id and r.task_id > ${p.afterId}
    where t.project_id = ${p.projectId} and t.org_id = ${p.orgId} and t.id > ${p.afterId}
      and (${p.includeGold} or t.gold is null)
      and (${p.status ?? null}::text is null or t.status = ${p.status ?? null})
      ${p.ids ? sql`and t.id = any(${p.ids}::bigint[])` : sql``}
    order by t.id
    limit ${p.limit}`.execute(db);
  return res.rows;
}
