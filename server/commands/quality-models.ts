import type { Kysely, Transaction } from 'kysely';
import type { FieldModel } from '../../core/aggregate/index.ts';
import type { DB } from '../db/schema.ts';
import { ScopedCache } from '../scoped-cache.ts';

type Models = Record<string, FieldModel>;

/** A refit reaches the submit path of every process within this long. */
export const MODEL_RECHECK_MS = 2_000;

// Parsed models per project and when their fit stamps were last checked: a
// submit re-reads the (tiny) stamps at most every MODEL_RECHECK_MS, and
// re-parses a model only after a refit replaced it.
const caches = new ScopedCache<number, { stamp: string; models: Models; checkedAt: number }>(1000);

/** The fitted truth-inference models of a project's categorical fields, by field name. */
export async function loadModels(db: Kysely<DB> | Transaction<DB>, cacheKey: object, projectId: number): Promise<Models> {
  const now = Date.now();
  const hit = caches.get(cacheKey, projectId);
  if (hit && now - hit.checkedAt < MODEL_RECHECK_MS) return hit.models;
  const stamps = await db.selectFrom('quality_models').select(['field', 'fitted_at']).where('project_id', '=', projectId).orderBy('field').execute();
  const stamp = stamps.map((s) => `${s.field}@${new Date(s.fitted_at).getTime()}`).join('|');
  let models: Models = hit?.stamp === stamp ? hit.models : {};
  if (stamps.length > 0 && hit?.stamp !== stamp) {
    const rows = await db.selectFrom('quality_models').select(['field', 'model']).where('project_id', '=', projectId).execute();
    models = Object.fromEntries(rows.map((r) => [r.field, r.model as FieldModel]));
  }
  caches.set(cacheKey, projectId, { stamp, models, checkedAt: now });
  return models;
}

/** Forgets what this process knows of a project's models (after it refit them itself). */
export function forgetModels(cacheKey: object, projectId: number): void {
  caches.delete(cacheKey, projectId);
}
