import { sql, type Transaction } from 'kysely';
import { scoreGold } from '../../core/aggregate/index.ts';
import type { LabelSchemaT } from '../../core/schema/index.ts';
import type { DB } from '../db/schema.ts';

export interface GoldBar {
  gold_min_accuracy: number;
  gold_min_seen: number;
}

/**
 * Scores a gold answer and updates the annotator's record in one upsert. Once
 * they have seen `gold_min_seen` gold tasks, an accuracy below the bar pauses
 * them with a reason written for them, not for us.
 */
export async function recordGoldAnswer(
  trx: Transaction<DB>,
  p: { projectId: number; userId: number; schema: LabelSchemaT; bar: GoldBar; gold: Record<string, unknown>; value: Record<string, unknown> },
) {
  const score = scoreGold(p.schema.fields, p.value, p.gold);
  const res = await sql<{ gold_seen: number; gold_correct: number; state: string }>`
    insert into annotator_quality (project_id, user_id, gold_seen, gold_correct, accuracy)
    values (${p.projectId}, ${p.userId}, 1, ${score.correct ? 1 : 0}, ${score.correct ? 1 : 0})
    on conflict (project_id, user_id) do update set
      gold_seen = annotator_quality.gold_seen + 1,
      gold_correct = annotator_quality.gold_correct + ${score.correct ? 1 : 0},
      accuracy = (annotator_quality.gold_correct + ${score.correct ? 1 : 0})::float8 / (annotator_quality.gold_seen + 1),
      updated_at = now()
    returning gold_seen, gold_correct, state`.execute(trx);
  const q = res.rows[0];
  const accuracy = q.gold_correct / q.gold_seen;
  if (q.state === 'active' && q.gold_seen >= p.bar.gold_min_seen && accuracy < p.bar.gold_min_accuracy) {
    const pct = (x: number) => `${Math.round(x * 100)}%`;
    const reason =
      `Paused for quality: you answered ${q.gold_correct} of ${q.gold_seen} check tasks correctly (${pct(accuracy)}); ` +
      `this project needs ${pct(p.bar.gold_min_accuracy)}. Re-read the instructions; a manager can review your work and let you continue.`;
    await trx
      .updateTable('annotator_quality')
      .set({ state: 'paused', reason, updated_at: new Date() })
      .where('project_id', '=', p.projectId)
      .where('user_id', '=', p.userId)
      .execute();
  }
  return score;
}
