import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { TallyApp } from '../../app.ts';
import { bootstrapOrg, createOrg } from '../../commands/bootstrap-org.ts';

export const BootstrapBody = z.object({
  org: z.string().trim().min(1).max(200),
  email: z.email(),
  password: z.string().min(8, 'must be at least 8 characters').max(200),
  name: z.string().trim().min(1).max(200).optional(),
});
export const BootstrapResponse = z.object({ token: z.string(), orgId: z.number(), userId: z.number() });

export async function orgRoutes(app: TallyApp) {
  const { db } = app.tally.database;
  app.withTypeProvider<ZodTypeProvider>().post(
    '/orgs/bootstrap',
    {
      config: { public: true },
      schema: {
        tags: ['orgs'],
        summary: 'Create the first org, owner and token (empty database only)',
        body: BootstrapBody,
        response: { 201: BootstrapResponse },
        security: [],
      },
    },
    async (req, reply) => reply.status(201).send(await bootstrapOrg(db, req.body)),
  );
  app.withTypeProvider<ZodTypeProvider>().post(
    '/orgs',
    {
      schema: {
        tags: ['orgs'],
        summary: 'Create another org owned by the caller; answers a token scoped to it',
        body: z.object({ name: z.string().trim().min(1).max(200) }),
        response: { 201: BootstrapResponse },
      },
    },
    async (req, reply) => reply.status(201).send(await createOrg(db, req.auth.userId, req.body.name)),
  );
}
