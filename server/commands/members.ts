import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB, Role } from '../db/schema.ts';
import { inTransaction } from '../db/transaction.ts';
import { appendAudit } from '../db/queries/append-audit.ts';
import { hashPassword } from '../auth/passwords.ts';
import { newToken } from '../auth/tokens.ts';
import { errors } from '../errors.ts';
import type { AuthContext } from '../http/auth-hook.ts';
import { authorize, canGrant } from '../policies/roles.ts';

export interface AddMemberInput {
  email: string;
  name?: string;
  role: Role;
  password?: string;
}

/**
 * Adds a user to the caller's org, creating the user if the email is new.
 * One person may belong to several orgs (a shared workforce); each membership
 * has its own role and tokens, so nothing crosses between orgs.
 */
export async function addMember(db: Kysely<DB>, auth: AuthContext, input: AddMemberInput) {
  authorize(auth.role, 'members.manage');
  if (!canGrant(auth.role, input.role)) throw errors.forbidden(`grant the role ${input.role}`, auth.role);
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  return inTransaction(db, async (trx) => {
    let user = await trx
      .selectFrom('users')
      .select(['id', 'email', 'name'])
      .where(sql`lower(email)`, '=', input.email.toLowerCase())
      .executeTakeFirst();
    if (!user) {
      user = await trx
        .insertInto('users')
        .values({ email: input.email, name: input.name ?? input.email.split('@')[0], password_hash: passwordHash })
        .returning(['id', 'email', 'name'])
        .executeTakeFirstOrThrow();
    }
    const inserted = await trx
      .insertInto('memberships')
      .values({ org_id: auth.orgId, user_id: user.id, role: input.role })
      .onConflict((oc) => oc.columns(['org_id', 'user_id']).doNothing())
      .returning('role')
      .executeTakeFirst();
    if (!inserted) throw errors.conflict('already_member', `${input.email} is already a member of this org.`);
    await appendAudit(trx, { orgId: auth.orgId, actor: auth.userId, action: 'member.add', target: `user:${user.id}`, details: { role: input.role } });
    return { id: user.id, email: user.email, name: user.name, role: input.role };
  });
}

export async function listMembers(db: Kysely<DB>, auth: AuthContext) {
  return db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['u.id', 'u.email', 'u.name', 'm.role', 'm.created_at as createdAt'])
    .where('m.org_id', '=', auth.orgId)
    .orderBy('u.id')
    .execute();
}

/** Issues a token for a member of the caller's org. Admins for anyone; everyone for themselves. */
export async function issueToken(db: Kysely<DB>, auth: AuthContext, userId: number, name = '') {
  if (userId !== auth.userId) authorize(auth.role, 'tokens.manage_others');
  const t = newToken();
  const row = await inTransaction(db, async (trx) => {
    const member = await trx
      .selectFrom('memberships')
      .select('user_id')
      .where('org_id', '=', auth.orgId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    if (!member) throw errors.notFound('Member', userId);
    const issued = await trx
      .insertInto('api_tokens')
      .values({ org_id: auth.orgId, user_id: userId, name, prefix: t.prefix, token_hash: t.hash })
      .returning(['id', 'prefix', 'created_at'])
      .executeTakeFirstOrThrow();
    // The prefix only (it is listed anyway); never the secret.
    await appendAudit(trx, { orgId: auth.orgId, actor: auth.userId, action: 'token.issue', target: `token:${issued.id}`, details: { userId, prefix: issued.prefix } });
    return issued;
  });
  return { id: row.id, token: t.token, prefix: row.prefix, userId, createdAt: row.created_at };
}

/** Changes a member's role. Admins may not raise anyone above themselves, nor demote the last owner. */
export async function changeRole(db: Kysely<DB>, auth: AuthContext, userId: number, role: Role) {
  authorize(auth.role, 'members.manage');
  if (!canGrant(auth.role, role)) throw errors.forbidden(`grant the role ${role}`, auth.role);
  return inTransaction(db, async (trx) => {
    const m = await trx.selectFrom('memberships').select('role').where('org_id', '=', auth.orgId).where('user_id', '=', userId).forUpdate().executeTakeFirst();
    if (!m) throw errors.notFound('Member', userId);
    if (!canGrant(auth.role, m.role)) throw errors.forbidden(`change the role of a ${m.role}`, auth.role);
    if (m.role === 'owner' && role !== 'owner') await keepAnOwner(trx, auth.orgId);
    await trx.updateTable('memberships').set({ role }).where('org_id', '=', auth.orgId).where('user_id', '=', userId).execute();
    await appendAudit(trx, { orgId: auth.orgId, actor: auth.userId, action: 'member.role_change', target: `user:${userId}`, details: { from: m.role, to: role } });
    return { id: userId, role };
  });
}

/** Removes a member from the caller's org and revokes their tokens there; their annotations stay. */
export async function removeMember(db: Kysely<DB>, auth: AuthContext, userId: number) {
  authorize(auth.role, 'members.manage');
  return inTransaction(db, async (trx) => {
    const m = await trx.selectFrom('memberships').select('role').where('org_id', '=', auth.orgId).where('user_id', '=', userId).forUpdate().executeTakeFirst();
    if (!m) throw errors.notFound('Member', userId);
    if (!canGrant(auth.role, m.role)) throw errors.forbidden(`remove a ${m.role}`, auth.role);
    if (m.role === 'owner') await keepAnOwner(trx, auth.orgId);
    await trx.deleteFrom('memberships').where('org_id', '=', auth.orgId).where('user_id', '=', userId).execute();
    await trx.updateTable('api_tokens').set({ revoked_at: new Date() }).where('org_id', '=', auth.orgId).where('user_id', '=', userId).where('revoked_at', 'is', null).execute();
    await trx.deleteFrom('sessions').where('org_id', '=', auth.orgId).where('user_id', '=', userId).execute();
    await appendAudit(trx, { orgId: auth.orgId, actor: auth.userId, action: 'member.remove', target: `user:${userId}`, details: { role: m.role } });
    return { id: userId, removed: true };
  });
}

async function keepAnOwner(trx: Transaction<DB>, orgId: number) {
  const owners = await trx.selectFrom('memberships').select('user_id').where('org_id', '=', orgId).where('role', '=', 'owner').forUpdate().execute();
  if (owners.length <= 1) throw errors.conflict('last_owner', 'An org needs at least one owner: make someone else owner first.');
}
