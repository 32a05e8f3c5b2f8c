import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { refitProject, type Infer } from '../commands/refit-quality.ts';
import { forgetModels } from '../commands/quality-models.ts';
import { DeferJob, type JobHandler } from './worker.ts';
import { RefitPacer } from './refit-pacer.ts';

/**
 * Every kind of background job and what runs it. `infer` runs truth inference
 * (a worker thread in the server); `refitShare` caps the share of time one
 * project's refits may take (refit-pacer.ts; 1 = no pause, for tests).
 */
export function jobHandlers(db: Kysely<DB>, infer?: Infer, opts: { refitShare?: number } = {}): Record<string, JobHandler> {
  const pacer = new RefitPacer(opts.refitShare ?? 1);
  return {
    refit: async (p: { projectId: number }) => {
      // Too soon after this project's last refit: back to the queue, due when the pacer allows.
      const wait = pacer.waitMs(p.projectId);
      if (wait > 0) throw new DeferJob(wait);
      const started = Date.now();
      await refitProject(db, p.projectId, infer);
      pacer.record(p.projectId, started, Date.now());
      // This process's submits see the new model at once; others within MODEL_RECHECK_MS.
      forgetModels(db, p.projectId);
    },
  };
}
