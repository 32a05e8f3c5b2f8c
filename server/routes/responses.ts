import { z } from 'zod';
import { ROLES } from '../policies/roles.ts';

/**
 * Response schemas of API v1, one per answer shape. The routes declare them
 * (`schema.response`), so @fastify/swagger puts them in the OpenAPI document,
 * the SDK's types are generated from that (sdk/openapi.d.ts), and the handlers'
 * return values are type-checked against them. At run time the zod serializer
 * encodes each answer through its schema: a key missing here is dropped from
 * the answer, so a new field goes here first.
 */

/** Timestamps are Dates in the handlers and ISO 8601 strings on the wire. */
const Timestamp = z.date();
const Role = z.enum(ROLES as ['owner', 'admin', 'manager', 'reviewer', 'annotator']);
const Id = z.number().int();
const NextCursor = z.number().int().nullable().describe('Pass as `cursor` for the next page; null on the last page');

export const LoginOut = z.object({ userId: Id, orgId: Id, role: Role });
export const OkOut = z.object({ ok: z.boolean() });
export const MeOut = z.object({
  user: z.object({ id: Id, email: z.string(), name: z.string() }),
  orgId: Id,
  role: Role,
  orgs: z.array(z.object({ id: Id, name: z.string(), role: Role })),
});

export const MemberOut = z.object({ id: Id, email: z.string(), name: z.string(), role: Role });
export const MemberListOut = z.object({ items: z.array(MemberOut.extend({ createdAt: Timestamp })) });
export const RoleChangedOut = z.object({ id: Id, role: Role });
export const MemberRemovedOut = z.object({ id: Id, removed: z.boolean() });
export const TokenIssuedOut = z.object({ id: Id, token: z.string().describe('The secret: shown only in this answer'), prefix: z.string(), userId: Id, createdAt: Timestamp });
export const TokenListOut = z.object({
  items: z.array(
    z.object({
      id: Id,
      name: z.string(),
      prefix: z.string(),
      userId: Id,
      userEmail: z.string(),
      createdAt: Timestamp,
      lastUsedAt: Timestamp.nullable(),
      revokedAt: Timestamp.nullable(),
    }),
  ),
});
export const TokenRevokedOut = z.object({ id: Id, revoked: z.boolean() });

export const ProjectOut = z.object({
  id: Id,
  name: z.string(),
  instructions: z.string(),
  schema: z.unknown().describe('The label schema: {fields: [...]}'),
  overlapMin: z.number(),
  overlapMax: z.number(),
  targetConfidence: z.number(),
  leaseSeconds: z.number(),
  goldRate: z.number(),
  reviewRate: z.number(),
  goldMinAccuracy: z.number(),
  goldMinSeen: z.number(),
  aggregation: z.string(),
  pay: z.unknown(),
  status: z.enum(['active', 'paused', 'archived']),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export const ProjectListOut = z.object({ items: z.array(ProjectOut), nextCursor: NextCursor });

export const ImportOut = z.object({
  created: z.number().int(),
  duplicates: z.number().int().describe('Rows whose uniqueId the project already held (not created)'),
  total: z.number().int(),
  batchId: Id.nullable(),
});

export const PredictionsImportOut = z.object({
  created: z.number().int().describe('Predictions added for a task and model that had none'),
  replaced: z.number().int().describe("Predictions that replaced the same model's earlier ones for that task"),
});
export const PredictionsDeleteOut = z.object({ deleted: z.number().int() });
export const PredictionOut = z.object({ model: z.string(), value: z.record(z.string(), z.unknown()), score: z.number().nullable() });

const TaskStatus = z.string().describe('open, done, review or reviewing');
export const TaskOut = z.object({
  id: Id,
  projectId: Id,
  uniqueId: z.string().nullable(),
  data: z.unknown(),
  metadata: z.unknown(),
  priority: z.number(),
  gold: z.unknown().optional().describe('Present on gold tasks only'),
  needed: z.number().int(),
  submitted: z.number().int(),
  active: z.number().int(),
  status: TaskStatus,
  createdAt: Timestamp,
});
export const ResultOut = z.object({
  value: z.unknown(),
  confidence: z.number().nullable(),
  method: z.string(),
  agreement: z.number().nullable(),
  fields: z.unknown(),
  updatedAt: Timestamp,
});
export const AnnotationOut = z.object({ id: Id, taskId: Id, userId: Id, claimId: Id, value: z.unknown(), activeMs: z.number(), createdAt: Timestamp });
const AnnotationByOut = AnnotationOut.extend({ userName: z.string(), userEmail: z.string() });
export const TaskListOut = z.object({
  items: z.array(TaskOut.extend({ result: ResultOut.nullable() })),
  nextCursor: NextCursor,
  total: z.number().int().optional().describe('With total=true only'),
});
export const TaskDetailOut = TaskOut.extend({
  predictions: z.array(PredictionOut).describe('Pre-annotations, oldest first'),
  annotations: z.array(AnnotationByOut),
  result: ResultOut.nullable(),
  reviews: z.array(
    z.object({
      id: Id,
      verdict: z.enum(['accept', 'reject', 'fix']),
      value: z.unknown(),
      comment: z.string().nullable(),
      reviewerId: Id,
      reviewerName: z.string(),
      createdAt: Timestamp,
    }),
  ),
  skips: z.array(z.object({ userId: Id, userName: z.string(), stage: z.enum(['label', 'review']), reason: z.string().nullable(), at: Timestamp })),
});

const LeaseOut = z.object({ id: Id, leaseUntil: Timestamp, taskId: Id });
export const ClaimOut = z.object({
  claim: LeaseOut,
  task: z.object({
    id: Id,
    data: z.unknown(),
    predictions: z.array(PredictionOut),
  }),
});
export const NoneLeft = z.undefined().describe('No task is left for the caller');
export const MyClaimsOut = z.object({ items: z.array(z.object({ claim: LeaseOut, task: z.object({ id: Id, data: z.unknown() }) })) });
export const HeartbeatOut = z.object({ claimId: Id, leaseUntil: Timestamp });
export const SubmitOut = z.object({ annotation: AnnotationOut, replayed: z.boolean().describe('true (status 200) when this claim was already submitted') });
export const ClaimClosedOut = z.object({ claimId: Id, status: z.enum(['skipped', 'released']) });

export const ReviewClaimOut = z.object({
  claim: LeaseOut,
  task: z.object({ id: Id, data: z.unknown() }),
  annotations: z.array(AnnotationByOut),
  result: ResultOut.nullable(),
});
export const ReviewOut = z.object({
  review: z.object({
    id: Id,
    taskId: Id.nullable(),
    verdict: z.enum(['accept', 'reject', 'fix']),
    value: z.unknown(),
    comment: z.string().nullable(),
    createdAt: Timestamp,
  }),
  replayed: z.boolean(),
});

export const AnnotatorOut = z.object({
  userId: Id,
  name: z.string(),
  email: z.string(),
  annotations: z.number().int(),
  goldSeen: z.number().int(),
  goldCorrect: z.number().int(),
  goldAccuracy: z.number().nullable(),
  estimatedAccuracy: z.number().nullable(),
  state: z.string(),
  pausedReason: z.string().nullable(),
});
export const AnnotatorListOut = z.object({ items: z.array(AnnotatorOut) });
export const AnnotatorStateOut = z.object({ userId: Id, state: z.enum(['active', 'paused']), reason: z.string().nullable() });

export const StatsOut = z.object({
  projectId: Id,
  tasks: z.record(z.string(), z.number().int()).describe('Non-gold tasks by status (open, done, review, reviewing) and total'),
  annotations: z.number().int(),
  throughput: z.object({
    lastHour: z.number().int(),
    lastDay: z.number().int(),
    perHourOverall: z.number(),
    hourly: z.array(z.object({ hour: Timestamp, annotations: z.number().int() })),
  }),
  quality: z.object({
    meanConfidence: z.number().nullable(),
    meanAgreement: z.number().nullable(),
    lowConfidence: z.number().int(),
    agreement: z
      .record(
        z.string(),
        z.union([
          z.object({ alpha: z.number().nullable(), level: z.enum(['nominal', 'ordinal', 'interval', 'ratio']), units: z.number().int() }),
          z.object({ meanAgreement: z.number().nullable(), units: z.number().int() }),
        ]),
      )
      .describe('Per field: Krippendorff alpha, or the mean pairwise agreement for fields alpha does not fit'),
    models: z.array(z.object({ field: z.string(), method: z.string(), answers: z.number().int(), iterations: z.number().int(), fittedAt: Timestamp })),
  }),
  activeHours: z.number(),
  annotators: z.array(AnnotatorOut.extend({ medianActiveMs: z.number().nullable(), lastAt: Timestamp })),
});
export const TimelineOut = z.object({
  bucket: z.enum(['hour', 'day']),
  since: Timestamp,
  items: z.array(z.object({ at: Timestamp, annotations: z.number().int(), tasksDone: z.number().int(), reviews: z.number().int() })),
});
