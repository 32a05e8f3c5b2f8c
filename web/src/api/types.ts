/**
 * Response shapes of API v1 as the web app uses them (see server/presenters and
 * /api/v1/openapi.json). Only the fields the UI reads are listed.
 */
import type { LabelSchemaT } from '../../../core/schema/index.ts';

export type Role = 'owner' | 'admin' | 'manager' | 'reviewer' | 'annotator';

export interface Me {
  user: { id: number; email: string; name: string };
  orgId: number;
  role: Role;
  orgs: { id: number; name: string; role: Role }[];
}

export interface Project {
  id: number;
  name: string;
  instructions: string;
  schema: LabelSchemaT;
  overlapMin: number;
  overlapMax: number;
  targetConfidence: number;
  leaseSeconds: number;
  goldRate: number;
  reviewRate: number;
  aggregation: string;
  pay: Record<string, unknown>;
  status: 'active' | 'paused' | 'archived';
  createdAt: string;
  updatedAt: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: number | null;
  /** Every match, when the list was asked for it (`total=true`). */
  total?: number;
}

export interface Prediction {
  model: string;
  value: Record<string, unknown>;
  score?: number | null;
}

/** 200 from POST /projects/:id/claims. */
export interface ClaimResponse {
  claim: { id: number; leaseUntil: string; taskId: number };
  task: { id: number; data: Record<string, unknown>; predictions?: Prediction[] };
}

export interface Annotation {
  id: number;
  taskId: number;
  userId: number;
  claimId: number;
  value: Record<string, unknown>;
  activeMs: number;
  createdAt: string;
}

export interface SubmitResponse {
  annotation: Annotation;
  replayed: boolean;
}
