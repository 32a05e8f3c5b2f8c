export interface TaskRowLike {
  id: number;
  project_id: number;
  unique_id: string | null;
  data: unknown;
  metadata: unknown;
  priority: number;
  gold: unknown;
  needed: number;
  submitted: number;
  active: number;
  status: string;
  created_at: Date;
}

export function presentTask(t: TaskRowLike) {
  return {
    id: t.id,
    projectId: t.project_id,
    uniqueId: t.unique_id,
    data: t.data,
    metadata: t.metadata,
    priority: t.priority,
    gold: t.gold ?? undefined,
    needed: t.needed,
    submitted: t.submitted,
    active: t.active,
    status: t.status,
    createdAt: t.created_at,
  };
}

export function presentResult(r: { value: unknown; confidence: number | null; method: string; agreement: number | null; fields: unknown; updated_at: Date } | undefined) {
  if (!r) return null;
  return { value: r.value, confidence: r.confidence, method: r.method, agreement: r.agreement, fields: r.fields, updatedAt: r.updated_at };
}
