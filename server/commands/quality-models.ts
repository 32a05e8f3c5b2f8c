import type { Kysely, Transaction } from 'kysely';
import type { FieldModel } from '../../core/aggregate/index.ts';
import type { DB } from '../db/schema.ts';

type Models = Record<string, FieldModel>;

// Parsed models per project, keyed by their fit stamps: a submit reads the
// (tiny) stamps and re-parses a model only after a refit replaced it.
const caches = new WeakMap<object, Map<number, { stamp: string; models: Models }>>();

/** The fitted truth-inference models of a project's categorical fields, by field name. */
export async function loadModels(db: Kysely<DB> | Transaction<DB>, cacheKey: object, projectId: number): Promise<Models> {
  let cache = caches.get(cacheKey);
  if (!cache) caches.set(cacheKey, (cache = new Map()));
  const stamps = await db.selectFrom('quality_models').select(['field', 'fitted_at']).where('project_id', '=', projectId).orderBy('field').execute();
  if (stamps.length === 0) return {};
  const stamp = stamps.map((s) => `${s.field}@${new Date(s.fitted_at).getTime()}`).join('|');
  const hit = cache.get(projectId);
  if (hit?.stamp === stamp) return hit.models;
  const rows = await db.selectFrom('quality_models').select(['field', 'model']).where('project_id', '=', projectId).execute();
  const models: Models = Object.fromEntries(rows.map((r) => [r.field, r.model as FieldModel]));
  if (cache.size > 1000) cache.clear();
  cache.set(projectId, { stamp, models });
  return models;
}
