import { sql, type Kysely } from 'kysely';
import { krippendorffAlpha, QualityInputError, type AlphaLevel } from '../../core/quality/index.ts';
import type { LabelField, LabelSchemaT } from '../../core/schema/index.ts';
import type { DB } from '../db/schema.ts';

/** Stats read at most this many multiply-annotated tasks per field (the latest), to stay fast. */
export const AGREEMENT_SAMPLE = 20_000;

function levelOf(field: LabelField): AlphaLevel | undefined {
  if ((field.type === 'choice' && !field.multiple) || field.type === 'pairwise') return 'nominal';
  if (field.type === 'rating' || field.type === 'number') return 'interval';
  return undefined;
}

/**
 * Krippendorff's alpha per field over the project's tasks with two or more
 * answers: nominal for choice and pairwise, interval for rating and number.
 * Other field types report their mean per-task agreement from the results.
 */
export async function fieldAgreement(db: Kysely<DB>, projectId: number, schema: LabelSchemaT) {
  const out: Record<string, { alpha: number | null; level: AlphaLevel; units: number } | { meanAgreement: number | null; units: number }> = {};
  for (const field of schema.fields) {
    const level = levelOf(field);
    if (!level) {
      const r = await sql<{ mean: number | null; n: number }>`
        select avg((fields -> ${field.name} ->> 'agreement')::float8) as mean, count(*)::int as n
        from results where project_id = ${projectId} and fields -> ${field.name} ->> 'agreement' is not null`.execute(db);
      out[field.name] = { meanAgreement: r.rows[0]?.mean ?? null, units: r.rows[0]?.n ?? 0 };
      continue;
    }
    const value = field.type === 'pairwise' ? sql`a.value -> ${field.name} ->> 'choice'` : sql`a.value ->> ${field.name}`;
    const rows = await sql<{ vals: string[] }>`
      select array_agg(${value}) as vals
      from annotations a join tasks t on t.id = a.task_id
      where a.project_id = ${projectId} and t.gold is null and ${value} is not null
      group by a.task_id having count(*) >= 2
      order by a.task_id desc limit ${AGREEMENT_SAMPLE}`.execute(db);
    const units = rows.rows.map((r) => (level === 'interval' ? r.vals.map(Number) : r.vals));
    let alpha: number | null = null;
    try {
      alpha = units.length ? krippendorffAlpha(units, { level }) : null;
      if (alpha !== null && !Number.isFinite(alpha)) alpha = null;
    } catch (e) {
      if (!(e instanceof QualityInputError)) throw e;
    }
    out[field.name] = { alpha, level, units: units.length };
  }
  return out;
}
