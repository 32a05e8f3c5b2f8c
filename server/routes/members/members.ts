import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { TallyApp } from '../../app.ts';
import { MemberListOut, MemberOut, MemberRemovedOut, RoleChangedOut, TokenIssuedOut } from '../responses.ts';
import { addMember, changeRole, issueToken, listMembers, removeMember } from '../../commands/members.ts';
import { ROLES } from '../../policies/roles.ts';

const Role = z.enum(ROLES as ['owner', 'admin', 'manager', 'reviewer', 'annotator']);
export const AddMemberBody = z.object({
  email: z.email(),
  name: z.string().trim().min(1).max(200).optional(),
  role: Role,
  password: z.string().min(8).max(200).optional(),
});
const UserIdParam = z.object({ userId: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });

export async function memberRoutes(app: TallyApp) {
  const { db } = app.tally.database;
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.post('/members', { schema: { tags: ['members'], summary: 'Add a user to the caller’s org', body: AddMemberBody, response: { 201: MemberOut } } }, async (req, reply) =>
    reply.status(201).send(await addMember(db, req.auth, req.body)),
  );
  r.get('/members', { schema: { tags: ['members'], response: { 200: MemberListOut } } }, async (req) => ({ items: await listMembers(db, req.auth) }));
  r.patch('/members/:userId', { schema: { tags: ['members'], summary: "Change a member's role", params: UserIdParam, body: z.object({ role: Role }), response: { 200: RoleChangedOut } } }, async (req) => {
    const out = await changeRole(db, req.auth, req.params.userId, req.body.role);
    app.tally.auth.forget();
    return out;
  });
  r.delete('/members/:userId', { schema: { tags: ['members'], summary: 'Remove a member from the org (their tokens are revoked)', params: UserIdParam, response: { 200: MemberRemovedOut } } }, async (req) => {
    const out = await removeMember(db, req.auth, req.params.userId);
    app.tally.auth.forget();
    return out;
  });
  r.post(
    '/members/:userId/tokens',
    {
      schema: {
        tags: ['members'],
        summary: 'Issue an API token for a member (shown once)',
        params: UserIdParam,
        body: z.object({ name: z.string().max(200).optional() }).optional(),
        response: { 201: TokenIssuedOut },
      },
    },
    async (req, reply) => reply.status(201).send(await issueToken(db, req.auth, req.params.userId, req.body?.name)),
  );
}
