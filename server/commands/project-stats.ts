import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { AuthContext } from '../http/auth-hook.ts';
import { authorize } from '../policies/roles.ts';
import { getProject } from './projects.ts';
import { fieldAgreement } from './field-agreement.ts';
import { presentAnnotator, type AnnotatorRow } from '../presenters/annotator.ts';
import type { LabelSchemaT } from '../../core/schema/index.ts';

/**
 * Progress, throughput and per-annotator figures of a project. Each figure is
 * one aggregate query over indexed columns; nothing is loaded row by row.
 */
export async function projectStats(db: Kysely<DB>, auth: AuthContext, projectId: number) {
  authorize(auth.role, 'stats.read');
  const project = await getProject(db, auth, projectId);
  const [byStatus, totals, hourly, annotators, quality, agreement, models] = await Promise.all([
    sql<{ status: string; n: number }>`
      select status, count(*)::int as n from tasks
      where project_id = ${projectId} and gold is null group by status`.execute(db),
    sql<{ annotations: number; last_hour: number; last_day: number; active_ms: number; first_at: Date | null; last_at: Date | null }>`
      select count(*)::int as annotations,
             count(*) filter (where created_at > now() - interval '1 hour')::int as last_hour,
             count(*) filter (where created_at > now() - interval '1 day')::int as last_day,
             coalesce(sum(active_ms), 0)::float8 as active_ms,
             min(created_at) as first_at, max(created_at) as last_at
      from annotations where project_id = ${projectId}`.execute(db),
    sql<{ hour: Date; n: number }>`
      select date_trunc('hour', created_at) as hour, count(*)::int as n
      from annotations where project_id = ${projectId} and created_at > now() - interval '48 hours'
      group by 1 order by 1`.execute(db),
    sql<AnnotatorRow & { median_ms: number | null; last_at: Date }>`
      select s.*, q.gold_seen, q.gold_correct, q.accuracy, q.estimated_accuracy, q.state, q.reason
      from (
        select a.user_id, u.name, u.email, count(*)::int as annotations,
               percentile_cont(0.5) within group (order by a.active_ms)::float8 as median_ms,
               max(a.created_at) as last_at
        from annotations a join users u on u.id = a.user_id
        where a.project_id = ${projectId}
        group by a.user_id, u.name, u.email) s
      left join annotator_quality q on q.project_id = ${projectId} and q.user_id = s.user_id
      order by s.annotations desc limit 500`.execute(db),
    sql<{ mean_confidence: number | null; mean_agreement: number | null; low_confidence: number }>`
      select avg(confidence)::float8 as mean_confidence, avg(agreement)::float8 as mean_agreement,
             count(*) filter (where r.confidence < p.target_confidence)::int as low_confidence
      from results r join projects p on p.id = r.project_id
      where r.project_id = ${projectId}`.execute(db),
    fieldAgreement(db, projectId, project.schema as LabelSchemaT),
    db.selectFrom('quality_models').select(['field', 'method', 'answers', 'iterations', 'fitted_at']).where('project_id', '=', projectId).execute(),
  ]);
  const tasks: Record<string, number> = { open: 0, done: 0, review: 0, reviewing: 0 };
  for (const r of byStatus.rows) tasks[r.status] = r.n;
  const t = totals.rows[0];
  const spanHours = t.first_at && t.last_at ? Math.max((+t.last_at - +t.first_at) / 3_600_000, 1 / 60) : null;
  return {
    projectId,
    tasks: { ...tasks, total: Object.values(tasks).reduce((a, b) => a + b, 0) },
    annotations: t.annotations,
    throughput: {
      lastHour: t.last_hour,
      lastDay: t.last_day,
      perHourOverall: spanHours ? t.annotations / spanHours : 0,
      hourly: hourly.rows.map((h) => ({ hour: h.hour, annotations: h.n })),
    },
    quality: {
      meanConfidence: quality.rows[0]?.mean_confidence ?? null,
      meanAgreement: quality.rows[0]?.mean_agreement ?? null,
      lowConfidence: quality.rows[0]?.low_confidence ?? 0,
      agreement,
      models: models.map((m) => ({ field: m.field, method: m.method, answers: m.answers, iterations: m.iterations, fittedAt: m.fitted_at })),
    },
    activeHours: t.active_ms / 3_600_000,
    annotators: annotators.rows.map((a) => ({ ...presentAnnotator(a), medianActiveMs: a.median_ms, lastAt: a.last_at })),
  };
}
