import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { TallyApp } from '../../app.ts';
import { IdParam } from '../ids.ts';
import { projectStats } from '../../commands/project-stats.ts';

export async function statsRoutes(app: TallyApp) {
  const { db } = app.tally.database;
  app.withTypeProvider<ZodTypeProvider>().get(
    '/projects/:id/stats',
    { schema: { tags: ['stats'], summary: 'Progress, throughput, quality and annotators of a project', params: IdParam } },
    async (req) => projectStats(db, req.auth, req.params.id),
  );
}
