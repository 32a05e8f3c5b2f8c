import { sql, type Kysely } from 'kysely';
import type { DB, Role } from '../db/schema.ts';
import { inTransaction } from '../db/transaction.ts';
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
    return { id: user.id, email: user.email, name: user.name, role: input.role };
  });
}

export async function listMembers(db: Kysely<DB>, auth: AuthContext) {
  return db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['u.id', 'u.email', 'u.name', 'm.role', 'm.created_at'])
    .where('m.org_id', '=', auth.orgId)
    .orderBy('u.id')
    .execute();
}

/** Issues a token for a member of the caller's org. Admins for anyone; everyone for themselves. */
export async function issueToken(db: Kysely<DB>, auth: AuthContext, userId: number, name = '') {
  if (userId !== auth.userId) authorize(auth.role, 'tokens.manage_others');
  const member = await db
    .selectFrom('memberships')
    .select('user_id')
    .where('org_id', '=', auth.orgId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  if (!member) throw errors.notFound('Member', userId);
  const t = newToken();
  const row = await db
    .insertInto('api_tokens')
    .values({ org_id: auth.orgId, user_id: userId, name, prefix: t.prefix, token_hash: t.hash })
    .returning(['id', 'prefix', 'created_at'])
    .executeTakeFirstOrThrow();
  return { id: row.id, token: t.token, prefix: row.prefix, userId, createdAt: row.created_at };
}
