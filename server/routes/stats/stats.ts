import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { TallyApp } from '../../app.ts';
import { StatsOut, TimelineOut } from '../responses.ts';
import { IdParam } from '../ids.ts';
import { projectStats } from '../../commands/project-stats.ts';
import { statsTimeline } from '../../commands/stats-timeline.ts';
import { z } from 'zod';

export async function statsRoutes(app: TallyApp) {
  const { db } = app.tally.database;
  app.withTypeProvider<ZodTypeProvider>().get(
    '/projects/:id/stats',
    { schema: { tags: ['stats'], summary: 'Progress, throughput, quality and annotators of a project', params: IdParam, response: { 200: StatsOut } } },
    async (req) => projectStats(db, req.auth, req.params.id),
  );
  app.withTypeProvider<ZodTypeProvider>().get(
    '/projects/:id/stats/timeline',
    {
      schema: {
        tags: ['stats'],
        summary: 'Annotations, tasks completed and reviews per hour or day (empty buckets included)',
        params: IdParam,
        querystring: z.object({ bucket: z.enum(['hour', 'day']).default('hour'), since: z.coerce.date().optional() }),
        response: { 200: TimelineOut },
      },
    },
    async (req) => statsTimeline(db, req.auth, req.params.id, req.query),
  );
}
