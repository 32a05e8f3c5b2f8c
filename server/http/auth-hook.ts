import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB, Role } from '../db/schema.ts';
import { hashSecret } from '../auth/tokens.ts';
import { errors } from '../errors.ts';

export interface AuthContext {
  userId: number;
  orgId: number;
  role: Role;
  via: 'token' | 'session';
}

export const SESSION_COOKIE = 'tally_session';

/**
 * Resolves the caller from a bearer token or the session cookie. A token or
 * session is bound to one org: every query downstream is scoped by
 * `auth.orgId`. A short in-process cache keeps the hot path (claim, submit)
 * to one query; revocation takes effect within CACHE_MS.
 */
export class Authenticator {
  static readonly CACHE_MS = 5_000;
  readonly #cache = new Map<string, { auth: AuthContext; until: number }>();

  constructor(private readonly db: Kysely<DB>) {}

  async authenticate(req: FastifyRequest): Promise<AuthContext> {
    const header = req.headers.authorization;
    if (header) {
      const m = /^Bearer\s+(\S+)$/i.exec(header);
      if (!m) throw errors.unauthorized('The Authorization header must be "Bearer <token>".');
      return this.#cached(`t:${hashSecret(m[1])}`, (hash) => this.#byToken(hash));
    }
    const cookie = req.cookies?.[SESSION_COOKIE];
    if (cookie) return this.#cached(`s:${hashSecret(cookie)}`, (hash) => this.#bySession(hash));
    throw errors.unauthorized();
  }

  forget(): void {
    this.#cache.clear();
  }

  async #cached(key: string, load: (hash: string) => Promise<AuthContext | undefined>): Promise<AuthContext> {
    const now = Date.now();
    const hit = this.#cache.get(key);
    if (hit && hit.until > now) return hit.auth;
    const auth = await load(key.slice(2));
    if (!auth) {
      this.#cache.delete(key);
      throw errors.unauthorized(key.startsWith('t:') ? 'This API token is unknown or revoked.' : 'Your session has expired; log in again.');
    }
    if (this.#cache.size > 10_000) this.#cache.clear();
    this.#cache.set(key, { auth, until: now + Authenticator.CACHE_MS });
    return auth;
  }

  async #byToken(hash: string): Promise<AuthContext | undefined> {
    const row = await this.db
      .selectFrom('api_tokens as t')
      .innerJoin('memberships as m', (j) => j.onRef('m.org_id', '=', 't.org_id').onRef('m.user_id', '=', 't.user_id'))
      .select(['t.user_id', 't.org_id', 'm.role'])
      .where('t.token_hash', '=', hash)
      .where('t.revoked_at', 'is', null)
      .executeTakeFirst();
    // Best effort, once per cache period: "last used" is for humans, not for security.
    if (row) void this.db.updateTable('api_tokens').set({ last_used_at: new Date() }).where('token_hash', '=', hash).execute().catch(() => {});
    return row && { userId: row.user_id, orgId: row.org_id, role: row.role, via: 'token' };
  }

  async #bySession(hash: string): Promise<AuthContext | undefined> {
    const row = await this.db
      .selectFrom('sessions as s')
      .innerJoin('memberships as m', (j) => j.onRef('m.org_id', '=', 's.org_id').onRef('m.user_id', '=', 's.user_id'))
      .select(['s.user_id', 's.org_id', 'm.role'])
      .where('s.id_hash', '=', hash)
      .where('s.expires_at', '>', new Date())
      .executeTakeFirst();
    return row && { userId: row.user_id, orgId: row.org_id, role: row.role, via: 'session' };
  }
}
