export function presentAnnotation(a: { id: number; task_id: number; user_id: number; claim_id: number; value: unknown; active_ms: number; created_at: Date }) {
  return { id: a.id, taskId: a.task_id, userId: a.user_id, claimId: a.claim_id, value: a.value, activeMs: a.active_ms, createdAt: a.created_at };
}
