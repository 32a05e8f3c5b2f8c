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
      const scope = sql`t.id = ${req.params.id} and t.org_id = ${req.auth.orgId} and (${mayOthers} or t.user_id = ${req.auth.userId})`;
      // Only a live token is revoked (and recorded): revoking it again answers the same and records nothing.
      const revoked = await sql<{ id: number; user_id: number; prefix: string }>`
        update api_tokens t set revoked_at = now() where ${scope} and t.revoked_at is null
        returning t.id, t.user_id, t.prefix`.execute(trx);
      const t = revoked.rows[0];
      if (t) {
        await appendAudit(trx, { orgId: req.auth.orgId, actor: req.auth.userId, action: 'token.revoke', target: `token:${t.id}`, details: { userId: t.user_id, prefix: t.prefix } });
      } else if ((await sql`select 1 from api_tokens t where ${scope}`.execute(trx)).rows.length === 0) {
        throw errors.notFound('Token', req.params.id);
      }
    });
    app.tally.auth.forget();
    return { id: req.params.id, revoked: true };
  });
}
