import { z } from 'zod';
import { sql } from 'kysely';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { TallyApp } from '../../app.ts';
import { LoginOut, MeOut, OkOut } from '../responses.ts';
import { verifyPassword } from '../../auth/passwords.ts';
import { hashSecret, newSessionSecret } from '../../auth/tokens.ts';
import { SESSION_COOKIE } from '../../http/auth-hook.ts';
import { AppError, errors } from '../../errors.ts';

const SESSION_DAYS = 14;

const LoginBody = z.object({ email: z.email(), password: z.string().min(1).max(200), orgId: z.number().int().optional() });

/** Password login for the web app: an httpOnly, SameSite=Strict session cookie bound to one org. */
export async function authRoutes(app: TallyApp) {
  const { db } = app.tally.database;
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post('/auth/login', { config: { public: true }, schema: { tags: ['auth'], body: LoginBody, security: [], response: { 200: LoginOut } } }, async (req, reply) => {
    const user = await db
      .selectFrom('users')
      .select(['id', 'password_hash'])
      .where(sql`lower(email)`, '=', req.body.email.toLowerCase())
      .executeTakeFirst();
    const ok = await verifyPassword(user?.password_hash ?? null, req.body.password);
    if (!user || !ok) throw new AppError(401, 'invalid_credentials', 'Email or password is wrong.');
    let q = db.selectFrom('memberships').select(['org_id', 'role']).where('user_id', '=', user.id).orderBy('org_id');
    if (req.body.orgId) q = q.where('org_id', '=', req.body.orgId);
    const membership = await q.executeTakeFirst();
    if (!membership) throw errors.forbidden('log in without a membership', 'none');
    const s = newSessionSecret();
    const expires = new Date(Date.now() + SESSION_DAYS * 86_400_000);
    await db.insertInto('sessions').values({ id_hash: s.hash, user_id: user.id, org_id: membership.org_id, expires_at: expires }).execute();
    reply.setCookie(SESSION_COOKIE, s.secret, { path: '/', httpOnly: true, sameSite: 'strict', expires, secure: req.protocol === 'https' });
    return { userId: user.id, orgId: membership.org_id, role: membership.role };
  });

  r.post('/auth/logout', { config: { public: true }, schema: { tags: ['auth'], response: { 200: OkOut } } }, async (req, reply) => {
    const secret = req.cookies[SESSION_COOKIE];
    if (secret) await db.deleteFrom('sessions').where('id_hash', '=', hashSecret(secret)).execute();
    app.tally.auth.forget();
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { ok: true };
  });

  r.get('/me', { schema: { tags: ['auth'], summary: 'The caller: user, current org and role, and all their orgs', response: { 200: MeOut } } }, async (req) => {
    const user = await db.selectFrom('users').select(['id', 'email', 'name']).where('id', '=', req.auth.userId).executeTakeFirstOrThrow();
    const orgs = await db
      .selectFrom('memberships as m')
      .innerJoin('orgs as o', 'o.id', 'm.org_id')
      .select(['o.id', 'o.name', 'm.role'])
      .where('m.user_id', '=', req.auth.userId)
      .orderBy('o.id')
      .execute();
    return { user, orgId: req.auth.orgId, role: req.auth.role, orgs };
  });
}
