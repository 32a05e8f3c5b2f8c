/**
 * The project setup form's values (as typed, strings for numbers) and the checks that
 * turn them into the API body. Bounds mirror server/routes/projects/schema.ts.
 */
import type { Aggregation, ProjectFull, ProjectSettings } from '../../api/manager.ts';
import { compactSchema, STARTER_SCHEMA, type RawSchema } from '../../schema-editor/draft.ts';

export interface QualityText {
  overlapMin: string;
  overlapMax: string;
  targetConfidence: string;
  leaseSeconds: string;
  goldRate: string;
  goldMinAccuracy: string;
  goldMinSeen: string;
  reviewRate: string;
}

export interface FormValues {
  name: string;
  instructions: string;
  schema: RawSchema;
  quality: QualityText;
  aggregation: Aggregation;
}

/** Server defaults (server/db/sql/0001_init.sql, 0002_quality.sql). */
export const DEFAULT_VALUES: FormValues = {
  name: '',
  instructions: '',
  schema: STARTER_SCHEMA,
  quality: {
    overlapMin: '1',
    overlapMax: '3',
    targetConfidence: '0.8',
    leaseSeconds: '600',
    goldRate: '0',
    goldMinAccuracy: '0.7',
    goldMinSeen: '5',
    reviewRate: '0',
  },
  aggregation: 'auto',
};

export function valuesOf(p: ProjectFull): FormValues {
  return {
    name: p.name,
    instructions: p.instructions ?? '',
    schema: compactSchema(p.schema) ?? { fields: [] },
    quality: {
      overlapMin: String(p.overlapMin),
      overlapMax: String(p.overlapMax),
      targetConfidence: String(p.targetConfidence),
      leaseSeconds: String(p.leaseSeconds),
      goldRate: String(p.goldRate),
      goldMinAccuracy: String(p.goldMinAccuracy ?? 0.7),
      goldMinSeen: String(p.goldMinSeen ?? 5),
      reviewRate: String(p.reviewRate),
    },
    aggregation: (p.aggregation as Aggregation) ?? 'auto',
  };
}

interface Rule {
  label: string;
  min: number;
  max: number;
  integer?: boolean;
}

export const QUALITY_RULES: Record<keyof QualityText, Rule> = {
  overlapMin: { label: 'Overlap min', min: 1, max: 100, integer: true },
  overlapMax: { label: 'Overlap max', min: 1, max: 100, integer: true },
  targetConfidence: { label: 'Target confidence', min: 0, max: 1 },
  leaseSeconds: { label: 'Lease seconds', min: 5, max: 86_400, integer: true },
  goldRate: { label: 'Gold rate', min: 0, max: 1 },
  goldMinAccuracy: { label: 'Gold accuracy bar', min: 0, max: 1 },
  goldMinSeen: { label: 'Gold tasks before judging', min: 1, max: 10_000, integer: true },
  reviewRate: { label: 'Review rate', min: 0, max: 1 },
};

export type QualityErrors = Partial<Record<keyof QualityText | 'name', string>>;

/** Checks the typed settings; returns the numbers or the message per input. */
export function checkSettings(v: FormValues): { ok: true; body: Omit<ProjectSettings, 'schema'> } | { ok: false; errors: QualityErrors } {
  const errors: QualityErrors = {};
  const nums = {} as Record<keyof QualityText, number>;
  for (const [k, rule] of Object.entries(QUALITY_RULES) as [keyof QualityText, Rule][]) {
    const text = v.quality[k].trim();
    const n = Number(text);
    if (text === '' || !Number.isFinite(n)) errors[k] = `Enter a number from ${rule.min} to ${rule.max}.`;
    else if (rule.integer && !Number.isInteger(n)) errors[k] = 'Enter a whole number.';
    else if (n < rule.min || n > rule.max) errors[k] = `Must be from ${rule.min} to ${rule.max}.`;
    else nums[k] = n;
  }
  if (nums.overlapMin !== undefined && nums.overlapMax !== undefined && nums.overlapMax < nums.overlapMin) {
    errors.overlapMax = `Must be at least the overlap min (${nums.overlapMin}).`;
  }
  if (!v.name.trim()) errors.name = 'Give the project a name.';
  if (Object.keys(errors).length) return { ok: false, errors };
  return { ok: true, body: { name: v.name.trim(), instructions: v.instructions, aggregation: v.aggregation, ...nums } };
}
