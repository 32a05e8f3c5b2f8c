import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { refitProject } from '../commands/refit-quality.ts';
import type { JobHandler } from './worker.ts';

/** Every kind of background job and what runs it. */
export function jobHandlers(db: Kysely<DB>): Record<string, JobHandler> {
  return {
    refit: async (p: { projectId: number }) => {
      await refitProject(db, p.projectId);
    },
  };
}
