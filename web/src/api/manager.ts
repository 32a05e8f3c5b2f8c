/**
 * Queries and mutations for the manager and reviewer pages (dashboard, tasks,
 * review, project setup, members, tokens). Shapes follow server/routes and
 * server/presenters; only the fields the UI reads are typed.
 */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client.ts';
import { keys } from './queries.ts';
import type { FieldResult } from '../../../core/aggregate/index.ts';
import type { Annotation, Page, Project, Role } from './types.ts';

/* ---------- shapes ---------- */

/** One field of a result: the aggregated value, how sure, and how it was reached (core/aggregate's own type). */
export type { FieldResult };

export interface TaskResult {
  value: Record<string, unknown>;
  confidence: number | null;
  method: string;
  agreement: number | null;
  fields: Record<string, FieldResult>;
  updatedAt?: string;
}

export type TaskStatus = 'open' | 'done' | 'review' | 'reviewing';

export interface TaskRow {
  id: number;
  projectId: number;
  uniqueId: string | null;
  data: Record<string, unknown>;
  metadata?: Record<string, unknown>;
  priority: number;
  gold?: Record<string, unknown>;
  needed: number;
  submitted: number;
  active: number;
  status: TaskStatus;
  createdAt: string;
  result: TaskResult | null;
}

/** An annotation as a task page shows it: the workspace's Annotation plus who made it. */
export interface TaskAnnotation extends Annotation {
  userName?: string;
  userEmail?: string;
}

export interface TaskDetail extends Omit<TaskRow, 'result'> {
  annotations: TaskAnnotation[];
  result: TaskResult | null;
}

export type FieldAgreement = { alpha: number | null; level: 'nominal' | 'ordinal' | 'interval' | 'ratio'; units: number } | { meanAgreement: number | null; units: number };

export interface AnnotatorStats {
  userId: number;
  name: string;
  email: string;
  annotations: number;
  medianActiveMs: number | null;
  lastAt: string;
  goldSeen: number;
  goldCorrect: number;
  goldAccuracy: number | null;
  estimatedAccuracy: number | null;
  state: 'active' | 'paused' | string;
  pausedReason: string | null;
}

export interface ProjectStats {
  projectId: number;
  tasks: { open: number; done: number; review: number; reviewing: number; total: number };
  annotations: number;
  throughput: { lastHour: number; lastDay: number; perHourOverall: number; hourly: { hour: string; annotations: number }[] };
  quality: {
    meanConfidence: number | null;
    meanAgreement: number | null;
    lowConfidence: number;
    agreement: Record<string, FieldAgreement>;
    models: { field: string; method: string; answers: number; iterations: number; fittedAt: string }[];
  };
  activeHours: number;
  annotators: AnnotatorStats[];
}

export interface ProjectAnnotator {
  userId: number;
  name: string;
  email: string;
  annotations: number;
  goldSeen: number;
  goldCorrect: number;
  goldAccuracy: number | null;
  estimatedAccuracy: number | null;
  state: string;
  reason: string | null;
}

/** 200 from POST /projects/:id/reviews/claims. */
export interface ReviewClaim {
  claim: { id: number; leaseUntil: string; taskId: number };
  task: { id: number; data: Record<string, unknown> };
  annotations: TaskAnnotation[];
  result: TaskResult | null;
}

export type Verdict = 'accept' | 'reject' | 'fix';

export interface Member {
  id: number;
  email: string;
  name: string;
  role: Role;
  createdAt?: string;
}

export interface ApiToken {
  id: number;
  name: string;
  prefix: string;
  userId: number;
  userEmail: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** Project settings the setup pages send (POST /projects, PATCH /projects/:id). */
export interface ProjectSettings {
  name: string;
  instructions: string;
  schema: unknown;
  overlapMin: number;
  overlapMax: number;
  targetConfidence: number;
  leaseSeconds: number;
  goldRate: number;
  goldMinAccuracy: number;
  goldMinSeen: number;
  reviewRate: number;
  aggregation: Aggregation;
}

export const AGGREGATIONS = ['auto', 'mv', 'wmv', 'ds', 'one-coin', 'glad', 'mace'] as const;
export type Aggregation = (typeof AGGREGATIONS)[number];

/** The project fields the server adds since the scaffold's Project type was written. */
export type ProjectFull = Project & { goldMinAccuracy: number; goldMinSeen: number };

/* ---------- keys ---------- */

export interface TaskFilters {
  status?: 'open' | 'done' | 'review';
  maxConfidence?: number;
  annotator?: number;
  gold?: boolean;
}

export const managerKeys = {
  stats: (projectId: number) => ['projects', projectId, 'stats'] as const,
  annotators: (projectId: number) => ['projects', projectId, 'annotators'] as const,
  tasks: (projectId: number, filters: TaskFilters, cursor: number | null) => ['projects', projectId, 'tasks', filters, cursor] as const,
  task: (id: number) => ['tasks', id] as const,
  members: ['members'] as const,
  tokens: ['tokens'] as const,
};

/* ---------- queries ---------- */

/** Project stats; refreshed every `pollMs` while the tab is visible so the dashboard moves. */
export interface TimelinePoint {
  at: string;
  annotations: number;
  tasksDone: number;
  reviews: number;
}

/**
 * Work per hour over the last 48 h (GET /projects/:id/stats/timeline), read
 * again whenever the stats are (`statsStamp`), so charts that combine both
 * never mix a fresh total with a stale series.
 */
export function useTimeline(projectId: number, statsStamp: number) {
  return useQuery({
    queryKey: [...managerKeys.stats(projectId), 'timeline', statsStamp],
    queryFn: ({ signal }) => api.get<{ items: TimelinePoint[] }>(`/projects/${projectId}/stats/timeline?bucket=hour`, { signal }),
    enabled: Number.isFinite(projectId) && statsStamp > 0,
    placeholderData: keepPreviousData,
  });
}

export function useStats(projectId: number, pollMs = 5_000) {
  return useQuery({
    queryKey: managerKeys.stats(projectId),
    queryFn: ({ signal }) => api.get<ProjectStats>(`/projects/${projectId}/stats`, { signal }),
    enabled: Number.isFinite(projectId),
    refetchInterval: pollMs,
    refetchIntervalInBackground: false,
    staleTime: 2_000,
  });
}

export function useAnnotators(projectId: number) {
  return useQuery({
    queryKey: managerKeys.annotators(projectId),
    queryFn: () => api.get<{ items: ProjectAnnotator[] }>(`/projects/${projectId}/annotators`),
    enabled: Number.isFinite(projectId),
  });
}

/** The query string of a task list request. */
export function taskQuery(filters: TaskFilters, cursor: number | null, limit: number): string {
  const q = new URLSearchParams();
  if (filters.status) q.set('status', filters.status);
  if (filters.maxConfidence !== undefined) q.set('maxConfidence', String(filters.maxConfidence));
  if (filters.annotator !== undefined) q.set('annotator', String(filters.annotator));
  if (filters.gold !== undefined) q.set('gold', String(filters.gold));
  if (cursor) q.set('cursor', String(cursor));
  q.set('limit', String(limit));
  q.set('total', 'true');
  return q.toString();
}

export function useTaskPage(projectId: number, filters: TaskFilters, cursor: number | null, limit = 50) {
  return useQuery({
    queryKey: [...managerKeys.tasks(projectId, filters, cursor), limit],
    queryFn: ({ signal }) => api.get<Page<TaskRow>>(`/projects/${projectId}/tasks?${taskQuery(filters, cursor, limit)}`, { signal }),
    enabled: Number.isFinite(projectId),
    placeholderData: keepPreviousData,
  });
}

export function useTask(id: number) {
  return useQuery({
    queryKey: managerKeys.task(id),
    queryFn: () => api.get<TaskDetail>(`/tasks/${id}`),
    enabled: Number.isFinite(id),
  });
}

export function useMembers(enabled = true) {
  return useQuery({ queryKey: managerKeys.members, queryFn: () => api.get<{ items: Member[] }>('/members'), enabled });
}

export function useTokens() {
  return useQuery({ queryKey: managerKeys.tokens, queryFn: () => api.get<{ items: ApiToken[] }>('/tokens') });
}

/* ---------- mutations ---------- */

export function useCreateProject() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: ProjectSettings) => api.post<ProjectFull>('/projects', body),
    onSuccess: (p) => {
      qc.setQueryData(keys.project(p.id), p);
      void qc.invalidateQueries({ queryKey: keys.projects, exact: true });
    },
  });
}

export function useUpdateProject(id: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: Partial<ProjectSettings> & { status?: Project['status'] }) => api.patch<ProjectFull>(`/projects/${id}`, body),
    onSuccess: (p) => {
      qc.setQueryData(keys.project(id), p);
      void qc.invalidateQueries({ queryKey: keys.projects, exact: true });
    },
  });
}

export function useSetAnnotatorState(projectId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { userId: number; state: 'active' | 'paused'; reason?: string }) =>
      api.patch<{ userId: number; state: string; reason: string | null }>(`/projects/${projectId}/annotators/${v.userId}`, { state: v.state, reason: v.reason }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: managerKeys.stats(projectId) });
      void qc.invalidateQueries({ queryKey: managerKeys.annotators(projectId) });
    },
  });
}

export function useAddMember() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { email: string; name?: string; role: Role; password?: string }) => api.post<Member>('/members', body),
    onSuccess: () => void qc.invalidateQueries({ queryKey: managerKeys.members }),
  });
}

export function useCreateToken() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { userId: number; name?: string }) =>
      api.post<{ id: number; token: string; prefix: string; userId: number; createdAt: string }>(`/members/${v.userId}/tokens`, { name: v.name }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: managerKeys.tokens }),
  });
}

export function useRevokeToken() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api.delete<{ id: number; revoked: boolean }>(`/tokens/${id}`),
    onSuccess: () => void qc.invalidateQueries({ queryKey: managerKeys.tokens }),
  });
}
