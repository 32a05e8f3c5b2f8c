import type { ColumnType, Generated } from 'kysely';

/** Kysely's view of the tables in sql/. Keep in step with the migrations. */
type Id = Generated<number>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T = unknown> = ColumnType<T, string, string>;

export interface DB {
  orgs: { id: Id; name: string; created_at: CreatedAt };
  users: { id: Id; email: string; name: string; password_hash: string | null; created_at: CreatedAt };
  memberships: { org_id: number; user_id: number; role: Role; created_at: CreatedAt };
  api_tokens: {
    id: Id;
    org_id: number;
    user_id: number;
    name: string;
    prefix: string;
    token_hash: string;
    created_at: CreatedAt;
    last_used_at: Date | null;
    revoked_at: Date | null;
  };
  sessions: { id_hash: string; user_id: number; org_id: number; created_at: CreatedAt; expires_at: Date | string };
  projects: {
    id: Id;
    org_id: number;
    name: string;
    instructions_md: Generated<string>;
    schema: ColumnType<unknown, string, string>;
    overlap_min: Generated<number>;
    overlap_max: Generated<number>;
    target_confidence: Generated<number>;
    lease_seconds: Generated<number>;
    gold_rate: Generated<number>;
    review_rate: Generated<number>;
    aggregation: Generated<string>;
    gold_min_accuracy: Generated<number>;
    gold_min_seen: Generated<number>;
    pay: ColumnType<unknown, string | undefined, string>;
    status: Generated<'active' | 'paused' | 'archived'>;
    created_by: number | null;
    created_at: CreatedAt;
    updated_at: UpdatedAt;
  };
  batches: { id: Id; org_id: number; project_id: number; name: string; priority: Generated<number>; created_at: CreatedAt };
  tasks: {
    id: Id;
    org_id: number;
    project_id: number;
    batch_id: number | null;
    unique_id: string | null;
    data: Json;
    metadata: ColumnType<unknown, string | undefined, string>;
    priority: Generated<number>;
    batch_priority: Generated<number>;
    gold: ColumnType<unknown | null, string | null | undefined, string | null>;
    needed: number;
    active: Generated<number>;
    submitted: Generated<number>;
    status: Generated<TaskStatus>;
    callback_url: string | null;
    done_at: ColumnType<Date | null, never, Date | string | null>;
    created_at: CreatedAt;
    updated_at: UpdatedAt;
  };
  claims: {
    id: Id;
    org_id: number;
    project_id: number;
    task_id: number;
    user_id: number;
    stage: Generated<'label' | 'review'>;
    status: Generated<ClaimStatus>;
    lease_until: ColumnType<Date, Date | string, Date | string>;
    active_ms: Generated<number>;
    skip_reason: string | null;
    created_at: CreatedAt;
    updated_at: UpdatedAt;
  };
  annotations: {
    id: Id;
    org_id: number;
    project_id: number;
    task_id: number;
    user_id: number;
    claim_id: number;
    value: Json;
    active_ms: Generated<number>;
    created_at: CreatedAt;
  };
  reviews: {
    id: Id;
    org_id: number;
    task_id: number | null;
    claim_id: number | null;
    annotation_id: number | null;
    reviewer_id: number;
    verdict: 'accept' | 'reject' | 'fix';
    value: ColumnType<unknown | null, string | null | undefined, string | null>;
    comment: string | null;
    created_at: CreatedAt;
  };
  results: {
    task_id: number;
    org_id: number;
    project_id: number;
    value: Json;
    confidence: number | null;
    method: string;
    agreement: number | null;
    fields: ColumnType<unknown, string | undefined, string>;
    updated_at: UpdatedAt;
  };
  annotator_quality: {
    project_id: number;
    user_id: number;
    gold_seen: Generated<number>;
    gold_correct: Generated<number>;
    accuracy: number | null;
    state: Generated<'active' | 'paused'>;
    reason: string | null;
    estimated_accuracy: number | null;
    updated_at: UpdatedAt;
  };
  outbox: {
    id: Id;
    kind: string;
    payload: Json;
    attempts: Generated<number>;
    run_at: ColumnType<Date, Date | string | undefined, Date | string>;
    done_at: Date | null;
    last_error: string | null;
    dedupe_key: string | null;
  };
  webhooks: {
    id: Id;
    org_id: number;
    url: string;
    secret: string;
    events: string[];
    created_at: CreatedAt;
  };
  webhook_deliveries: {
    id: Id;
    org_id: number;
    /** null: a task's own callbackUrl. */
    webhook_id: number | null;
    url: string;
    event: string;
    event_key: string;
    event_at: Date | string;
    data: Json;
    status: Generated<'pending' | 'delivered' | 'failed'>;
    attempts: Generated<number>;
    last_status: number | null;
    last_error: string | null;
    last_attempt_at: Date | null;
    next_attempt_at: Date | null;
    delivered_at: Date | null;
    created_at: CreatedAt;
  };
  callback_secrets: { org_id: number; secret: string; created_at: CreatedAt };
  quality_models: {
    project_id: number;
    field: string;
    method: string;
    model: Json;
    answers: number;
    iterations: number;
    fitted_at: UpdatedAt;
  };
  pay_ledger: {
    id: Id;
    org_id: number;
    user_id: number;
    project_id: number;
    annotation_id: number | null;
    kind: 'piece' | 'topup' | 'bonus';
    amount_minor: number;
    currency: string;
    active_ms: Generated<number>;
    settlement_id: number | null;
    /** A bonus's idempotency key, unique per project (sql/0011_bonus_idempotency.sql). */
    idempotency_key: Generated<string | null>;
    created_at: CreatedAt;
  };
  /** Append-only, hash-chained per org (sql/0009_audit.sql; db/queries/append-audit.ts). */
  audit_log: {
    id: number;
    org_id: number;
    actor: number | null;
    action: string;
    target: string | null;
    details: ColumnType<unknown, string, never>;
    at: ColumnType<Date, Date | string, never>;
    prev_hash: string | null;
    hash: string;
  };
  pay_settlements: {
    id: Id;
    org_id: number;
    project_id: number;
    period_from: ColumnType<Date, Date | string, never>;
    period_to: ColumnType<Date, Date | string, never>;
    currency: string;
    hourly_floor_minor: number;
    created_by: number | null;
    created_at: CreatedAt;
  };
  predictions: {
    id: Id;
    task_id: number;
    model: string;
    value: Json;
    score: number | null;
    created_at: CreatedAt;
  };
}

export type Role = 'owner' | 'admin' | 'manager' | 'reviewer' | 'annotator';
export type TaskStatus = 'open' | 'done' | 'review' | 'reviewing';
export type ClaimStatus = 'active' | 'submitted' | 'expired' | 'skipped';
