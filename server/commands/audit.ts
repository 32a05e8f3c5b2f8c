import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { auditHash } from '../db/queries/append-audit.ts';
import type { AuthContext } from '../http/auth-hook.ts';
import { authorize } from '../policies/roles.ts';

export interface AuditQuery {
  cursor?: number;
  limit: number;
  action?: string;
  actor?: number;
  target?: string;
}

/** A page of the caller's org's audit entries, newest first; `next` is the cursor of the next (older) page. */
export async function listAudit(db: Kysely<DB>, auth: AuthContext, q: AuditQuery) {
  authorize(auth.role, 'audit.read');
  let query = db.selectFrom('audit_log').selectAll().where('org_id', '=', auth.orgId).orderBy('id', 'desc').limit(q.limit + 1);
  if (q.cursor !== undefined) query = query.where('id', '<', q.cursor);
  if (q.action !== undefined) query = query.where('action', '=', q.action);
  if (q.actor !== undefined) query = query.where('actor', '=', q.actor);
  if (q.target !== undefined) query = query.where('target', '=', q.target);
  const rows = await query.execute();
  return { rows: rows.slice(0, q.limit), next: rows.length > q.limit ? rows[q.limit - 1].id : null };
}

const VERIFY_PAGE = 1000;

/**
 * Recomputes the org's chain from its first entry: each entry's prev_hash must
 * be the hash of the entry before it (null for the first) and its hash must be
 * what its own fields give. `firstBadId` is the first entry that fails either
 * check: an entry edited in place fails its own hash; one deleted makes the
 * next one's prev_hash point at nothing. Reads in pages, oldest first.
 */
export async function verifyAudit(db: Kysely<DB>, auth: AuthContext): Promise<{ ok: boolean; entries: number; firstBadId?: number }> {
  authorize(auth.role, 'audit.read');
  let prev: string | null = null;
  let after = 0;
  let entries = 0;
  for (;;) {
    const rows = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('org_id', '=', auth.orgId)
      .where('id', '>', after)
      .orderBy('id')
      .limit(VERIFY_PAGE)
      .execute();
    for (const r of rows) {
      entries++;
      const expected = auditHash(prev, {
        org_id: r.org_id,
        id: r.id,
        actor: r.actor,
        action: r.action,
        target: r.target,
        details: r.details as Record<string, unknown>,
        at: r.at.toISOString(),
      });
      if (r.prev_hash !== prev || r.hash !== expected) return { ok: false, entries, firstBadId: r.id };
      prev = r.hash;
    }
    if (rows.length < VERIFY_PAGE) return { ok: true, entries };
    after = rows[rows.length - 1].id;
  }
}
