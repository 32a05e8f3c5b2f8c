import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { TallyApp } from '../../app.ts';
import { NoneLeft, ReviewClaimOut, ReviewOut } from '../responses.ts';
import { IdParam } from '../ids.ts';
import { claimReview, submitReview } from '../../commands/reviews.ts';
import { presentAnnotation } from '../../presenters/annotation.ts';
import { presentResult } from '../../presenters/task.ts';

export const ReviewBody = z.object({
  verdict: z.enum(['accept', 'reject', 'fix']),
  value: z.record(z.string(), z.unknown()).optional(),
  comment: z.string().max(10_000).optional(),
});

export async function reviewRoutes(app: TallyApp) {
  const { db } = app.tally.database;
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.post(
    '/projects/:id/reviews/claims',
    { config: { dbPriority: 'claim' }, schema: { tags: ['review'], summary: 'Lease the next task waiting for review (204 when none)', params: IdParam, response: { 200: ReviewClaimOut, 204: NoneLeft } } },
    async (req, reply) => {
      const got = await claimReview(db, req.auth, req.params.id);
      if (!got) return reply.status(204).send();
      return {
        claim: { id: got.claimed.claim_id, leaseUntil: got.claimed.lease_until, taskId: got.claimed.task_id },
        task: { id: got.claimed.task_id, data: got.claimed.data },
        annotations: got.annotations.map((a) => ({ ...presentAnnotation(a), userName: a.user_name, userEmail: a.user_email })),
        result: presentResult(got.result),
      };
    },
  );
  r.post(
    '/reviews/:id/submit',
    { schema: { tags: ['review'], summary: 'Accept, reject (relabel) or fix a task under review; idempotent', params: IdParam, body: ReviewBody, response: { 200: ReviewOut, 201: ReviewOut } } },
    async (req, reply) => {
      const { review, replayed } = await submitReview(db, req.auth, req.params.id, req.body);
      return reply.status(replayed ? 200 : 201).send({
        review: { id: review.id, taskId: review.task_id, verdict: review.verdict, value: review.value, comment: review.comment, createdAt: review.created_at },
        replayed,
      });
    },
  );
}
