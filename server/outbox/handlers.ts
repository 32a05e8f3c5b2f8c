import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { refitProject, type Infer } from '../commands/refit-quality.ts';
import { forgetModels } from '../commands/quality-models.ts';
import type { JobHandler } from './worker.ts';

/** Every kind of background job and what runs it. `infer` runs truth inference (a worker thread in the server). */
export function jobHandlers(db: Kysely<DB>, infer?: Infer): Record<string, JobHandler> {
  return {
    refit: async (p: { projectId: number }) => {
      await refitProject(db, p.projectId, infer);
      // This process's submits see the new model at once; others within MODEL_RECHECK_MS.
      forgetModels(db, p.projectId);
    },
  };
}
