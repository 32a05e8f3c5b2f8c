import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';
import { inTransaction } from '../db/transaction.ts';
import { appendAudit } from '../db/queries/append-audit.ts';
import { hashPassword } from '../auth/passwords.ts';
import { newToken } from '../auth/tokens.ts';
import { errors } from '../errors.ts';

export interface BootstrapInput {
  org: string;
  email: string;
  password: string;
  name?: string;
}

const BOOTSTRAP_LOCK = 7_242_002;

/**
 * Creates the first org, its owner and an API token. Only on an empty
 * database: afterwards it refuses with 409, so an exposed server cannot be
 * taken over by a second bootstrap.
 */
export async function bootstrapOrg(db: Kysely<DB>, input: BootstrapInput) {
  const passwordHash = await hashPassword(input.password);
  return inTransaction(db, async (trx) => {
    // Two concurrent bootstraps: the lock makes the emptiness check and the insert one step.
    await sql`select pg_advisory_xact_lock(${BOOTSTRAP_LOCK})`.execute(trx);
    const existing = await trx.selectFrom('orgs').select('id').limit(1).executeTakeFirst();
    if (existing) {
      throw errors.conflict('already_bootstrapped', 'This Tally already has an org. Log in, or ask an admin to add you with POST /api/v1/members.');
    }
    const org = await trx.insertInto('orgs').values({ name: input.org }).returning('id').executeTakeFirstOrThrow();
    const user = await trx
      .insertInto('users')
      .values({ email: input.email, name: input.name ?? input.email.split('@')[0], password_hash: passwordHash })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx.insertInto('memberships').values({ org_id: org.id, user_id: user.id, role: 'owner' }).execute();
    const t = newToken();
    const token = await trx
      .insertInto('api_tokens')
      .values({ org_id: org.id, user_id: user.id, name: 'bootstrap', prefix: t.prefix, token_hash: t.hash })
      .returning('id')
      .executeTakeFirstOrThrow();
    await auditNewOrg(trx, org.id, user.id, input.org, token.id, t.prefix);
    return { token: t.token, orgId: org.id, userId: user.id };
  });
}

/**
 * Creates another org with the caller as its owner, and a token scoped to it.
 * Orgs are the walls between customers: nothing in one is visible from another.
 */
export async function createOrg(db: Kysely<DB>, userId: number, name: string) {
  return inTransaction(db, async (trx) => {
    const org = await trx.insertInto('orgs').values({ name }).returning('id').executeTakeFirstOrThrow();
    await trx.insertInto('memberships').values({ org_id: org.id, user_id: userId, role: 'owner' }).execute();
    const t = newToken();
    const token = await trx
      .insertInto('api_tokens')
      .values({ org_id: org.id, user_id: userId, name: `owner of ${name}`, prefix: t.prefix, token_hash: t.hash })
      .returning('id')
      .executeTakeFirstOrThrow();
    await auditNewOrg(trx, org.id, userId, name, token.id, t.prefix);
    return { orgId: org.id, userId, token: t.token };
  });
}

/** A new org's chain starts with its creation and its owner's first token. */
async function auditNewOrg(trx: Transaction<DB>, orgId: number, ownerId: number, name: string, tokenId: number, prefix: string) {
  await appendAudit(trx, { orgId, actor: ownerId, action: 'org.create', target: `org:${orgId}`, details: { name, ownerId } });
  await appendAudit(trx, { orgId, actor: ownerId, action: 'token.issue', target: `token:${tokenId}`, details: { userId: ownerId, prefix } });
}
