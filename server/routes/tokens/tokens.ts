import { sql } from 'kysely';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { TallyApp } from '../../app.ts';
import { TokenListOut, TokenRevokedOut } from '../responses.ts';
import { IdParam } from '../ids.ts';
import { can } from '../../policies/roles.ts';
import { errors } from '../../errors.ts';
import { inTransaction } from '../../db/transaction.ts';
import { appendAudit } from '../../db/queries/append-audit.ts';

/** Token management: list (prefix only, never the secret) and revoke. */
export async function tokenRoutes(app: TallyApp) {
  const { db } = app.tally.database;
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/tokens', { schema: { tags: ['members'], summary: 'API tokens of the caller (admins: of the whole org)', response: { 200: TokenListOut } } }, async (req) => {
    let q = db
      .selectFrom('api_tokens as t')
      .innerJoin('users as u', 'u.id', 't.user_id')
      .select(['t.id', 't.name', 't.prefix', 't.user_id', 'u.email', 't.created_at', 't.last_used_at', 't.revoked_at'])
      .where('t.org_id', '=', req.auth.orgId)
      .orderBy('t.id');
    if (!can(req.auth.role, 'tokens.manage_others')) q = q.where('t.user_id', '=', req.auth.userId);
    const rows = await q.execute();
    return {
      items: rows.map((t) => ({
        id: t.id,
        name: t.name,
        prefix: t.prefix,
        userId: t.user_id,
        userEmail: t.email,
        createdAt: t.created_at,
        lastUsedAt: t.last_used_at,
        revokedAt: t.revoked_at,
      })),
    };
  });
  r.delete('/tokens/:id', { schema: { tags: ['members'], summary: 'Revoke a token', params: IdParam, response: { 200: TokenRevokedOut } } }, async (req) => {
    const mayOthers = can(req.auth.role, 'tokens.manage_others');
    await inTransaction(db, async (trx) => {
      // `was` is the revoked_at before this statement: revoking a revoked token again changes nothing and records nothing.
      const res = await sql<{ id: number; user_id: number; prefix: string; was: Date | null }>`
        update api_tokens t set revoked_at = coalesce(t.revoked_at, now())
        from api_tokens old
        where old.id = t.id and t.id = ${req.params.id} and t.org_id = ${req.auth.orgId} and (${mayOthers} or t.user_id = ${req.auth.userId})
        returning t.id, t.user_id, t.prefix, old.revoked_at as was`.execute(trx);
      const t = res.rows[0];
      if (!t) throw errors.notFound('Token', req.params.id);
      if (t.was === null) {
        await appendAudit(trx, { orgId: req.auth.orgId, actor: req.auth.userId, action: 'token.revoke', target: `token:${t.id}`, details: { userId: t.user_id, prefix: t.prefix } });
      }
    });
    app.tally.auth.forget();
    return { id: req.params.id, revoked: true };
  });
}
