import { z } from 'zod';
import { sql } from 'kysely';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { TallyApp } from '../../app.ts';
import { AnnotatorListOut, AnnotatorStateOut } from '../responses.ts';
import { IdParam } from '../ids.ts';
import { getProject } from '../../commands/projects.ts';
import { authorize } from '../../policies/roles.ts';
import { errors } from '../../errors.ts';
import { presentAnnotator, type AnnotatorRow } from '../../presenters/annotator.ts';

const Params = IdParam.extend({ userId: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });

/** Annotators of a project with their quality record; managers may lift a quality pause. */
export async function annotatorRoutes(app: TallyApp) {
  const { db } = app.tally.database;
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/projects/:id/annotators', { schema: { tags: ['quality'], params: IdParam, response: { 200: AnnotatorListOut } } }, async (req) => {
    authorize(req.auth.role, 'stats.read');
    await getProject(db, req.auth, req.params.id);
    const rows = await sql<AnnotatorRow>`
      select u.id as user_id, u.name, u.email,
             (select count(*)::int from annotations a where a.project_id = ${req.params.id} and a.user_id = u.id) as annotations,
             q.gold_seen, q.gold_correct, q.accuracy, q.estimated_accuracy, q.state, q.reason
      from memberships m join users u on u.id = m.user_id
      left join annotator_quality q on q.project_id = ${req.params.id} and q.user_id = u.id
      where m.org_id = ${req.auth.orgId}
      order by u.id`.execute(db);
    return { items: rows.rows.map(presentAnnotator) };
  });
  r.patch(
    '/projects/:id/annotators/:userId',
    { schema: { tags: ['quality'], summary: 'Pause or unpause an annotator on a project', params: Params, body: z.object({ state: z.enum(['active', 'paused']), reason: z.string().max(2000).optional() }), response: { 200: AnnotatorStateOut } } },
    async (req) => {
      authorize(req.auth.role, 'projects.update');
      await getProject(db, req.auth, req.params.id);
      const member = await db.selectFrom('memberships').select('user_id').where('org_id', '=', req.auth.orgId).where('user_id', '=', req.params.userId).executeTakeFirst();
      if (!member) throw errors.notFound('Member', req.params.userId);
      const reason = req.body.state === 'paused' ? (req.body.reason ?? 'Paused by a manager.') : null;
      await sql`
        insert into annotator_quality (project_id, user_id, state, reason) values (${req.params.id}, ${req.params.userId}, ${req.body.state}, ${reason})
        on conflict (project_id, user_id) do update set state = excluded.state, reason = excluded.reason, updated_at = now()`.execute(db);
      return { userId: req.params.userId, state: req.body.state, reason };
    },
  );
}
