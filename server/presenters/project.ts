import type { Selectable } from 'kysely';
import type { DB } from '../db/schema.ts';

export type ProjectRow = Selectable<DB['projects']>;

export function presentProject(p: ProjectRow) {
  return {
    id: p.id,
    name: p.name,
    instructions: p.instructions_md,
    schema: p.schema,
    overlapMin: p.overlap_min,
    overlapMax: p.overlap_max,
    targetConfidence: p.target_confidence,
    leaseSeconds: p.lease_seconds,
    goldRate: p.gold_rate,
    reviewRate: p.review_rate,
    goldMinAccuracy: p.gold_min_accuracy,
    goldMinSeen: p.gold_min_seen,
    aggregation: p.aggregation,
    pay: p.pay,
    status: p.status,
    createdAt: p.created_at,
    updatedAt: p.updated_at,
  };
}
