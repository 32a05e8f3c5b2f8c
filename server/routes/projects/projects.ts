import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { TallyApp } from '../../app.ts';
import { ProjectListOut, ProjectOut } from '../responses.ts';
import { IdParam } from '../ids.ts';
import { CreateProjectBody, UpdateProjectBody } from './schema.ts';
import { createProject, getProject, listProjects, updateProject } from '../../commands/projects.ts';
import { presentProject } from '../../presenters/project.ts';
import { authorize } from '../../policies/roles.ts';

const ListQuery = z.object({
  cursor: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export async function projectRoutes(app: TallyApp) {
  const { db } = app.tally.database;
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.post('/projects', { schema: { tags: ['projects'], body: CreateProjectBody, response: { 201: ProjectOut } } }, async (req, reply) =>
    reply.status(201).send(presentProject(await createProject(db, req.auth, req.body))),
  );
  r.get('/projects', { schema: { tags: ['projects'], querystring: ListQuery, response: { 200: ProjectListOut } } }, async (req) => {
    const page = await listProjects(db, req.auth, req.query.cursor, req.query.limit);
    return { items: page.rows.map(presentProject), nextCursor: page.next };
  });
  r.get('/projects/:id', { schema: { tags: ['projects'], params: IdParam, response: { 200: ProjectOut } } }, async (req) => {
    authorize(req.auth.role, 'projects.read');
    return presentProject(await getProject(db, req.auth, req.params.id));
  });
  r.patch('/projects/:id', { schema: { tags: ['projects'], params: IdParam, body: UpdateProjectBody, response: { 200: ProjectOut } } }, async (req) =>
    presentProject(await updateProject(db, req.auth, req.params.id, req.body)),
  );
}
