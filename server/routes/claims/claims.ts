import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { TallyApp } from '../../app.ts';
import { ClaimClosedOut, ClaimOut, HeartbeatOut, MyClaimsOut, NoneLeft, SubmitOut } from '../responses.ts';
import { IdParam } from '../ids.ts';
import { claimTask, heartbeat, myActiveClaims, releaseClaim, skipClaim, submitClaim } from '../../commands/claims.ts';
import { presentAnnotation } from '../../presenters/annotation.ts';

export const SubmitBody = z.object({
  value: z.record(z.string(), z.unknown()),
  activeMs: z.number().min(0).max(86_400_000).optional(),
});
const SkipBody = z.object({ reason: z.string().max(2000).optional() }).optional();

export async function claimRoutes(app: TallyApp) {
  const { db } = app.tally.database;
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/projects/:id/claims',
    {
      // The annotator is idle until this answers: its queries go ahead of queued submits and reads.
      config: { dbPriority: 'claim' },
      schema: { tags: ['queue'], summary: 'Lease the next task to the caller (204 when none is left)', params: IdParam, response: { 200: ClaimOut, 204: NoneLeft } },
    },
    async (req, reply) => {
      const claimed = await claimTask(db, req.auth, req.params.id);
      if (!claimed) return reply.status(204).send();
      return {
        claim: { id: claimed.claim_id, leaseUntil: claimed.lease_until, taskId: claimed.task_id },
        task: { id: claimed.task_id, data: claimed.data, predictions: claimed.predictions },
      };
    },
  );
  r.post('/claims/:id/heartbeat', { schema: { tags: ['queue'], summary: 'Extend a lease', params: IdParam, response: { 200: HeartbeatOut } } }, async (req) =>
    heartbeat(db, req.auth, req.params.id),
  );
  r.post(
    '/claims/:id/submit',
    { schema: { tags: ['queue'], summary: 'Submit the annotation for a claim (idempotent)', params: IdParam, body: SubmitBody, response: { 200: SubmitOut, 201: SubmitOut } } },
    async (req, reply) => {
      const { annotation, replayed } = await submitClaim(db, req.auth, req.params.id, req.body);
      return reply.status(replayed ? 200 : 201).send({ annotation: presentAnnotation(annotation), replayed });
    },
  );
  r.get(
    '/projects/:id/claims/mine',
    { schema: { tags: ['queue'], summary: "The caller's live leases in a project (to resume work)", params: IdParam, response: { 200: MyClaimsOut } } },
    async (req) => ({
      items: (await myActiveClaims(db, req.auth, req.params.id)).map((c) => ({
        claim: { id: c.claim_id, leaseUntil: c.lease_until, taskId: c.task_id },
        task: { id: c.task_id, data: c.data },
      })),
    }),
  );
  r.post(
    '/claims/:id/release',
    { schema: { tags: ['queue'], summary: 'Give a lease back unseen: unlike skip, the task may be offered to the caller again', params: IdParam, response: { 200: ClaimClosedOut } } },
    async (req) => releaseClaim(db, req.auth, req.params.id),
  );
  r.post('/claims/:id/skip', { schema: { tags: ['queue'], summary: 'Give a task back', params: IdParam, body: SkipBody, response: { 200: ClaimClosedOut } } }, async (req) =>
    skipClaim(db, req.auth, req.params.id, req.body?.reason),
  );
}
