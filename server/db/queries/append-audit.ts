import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../schema.ts';

/** One audit entry as it is hashed: the canonical form is the RFC 8785 (JCS) serialization of this object. */
export interface AuditFields {
  org_id: number;
  id: number;
  actor: number | null;
  action: string;
  target: string | null;
  details: Record<string, unknown>;
  /** ISO 8601 in UTC with milliseconds, as `Date.prototype.toISOString` writes it. */
  at: string;
}

/**
 * The hash of an entry: lowercase hex SHA-256 of the UTF-8 bytes of
 * `prev_hash` (the empty string for an org's first entry) followed directly
 * by the entry's canonical JSON (RFC 8785: keys sorted, no whitespace).
 * docs/api.md ("Audit log") shows how to check it without Tally.
 */
export function auditHash(prevHash: string | null, e: AuditFields): string {
  const canonical = canonicalize({ org_id: e.org_id, id: e.id, actor: e.actor, action: e.action, target: e.target, details: e.details, at: e.at });
  return createHash('sha256')
    .update((prevHash ?? '') + canonical, 'utf8')
    .digest('hex');
}

export interface AuditEntry {
  orgId: number;
  /** The user who made the change; null for the system. */
  actor: number | null;
  /** A stable dotted name, e.g. `project.update` (docs/api.md lists them). */
  action: string;
  /** What was changed, `kind:id`, e.g. `project:12`. */
  target: string | null;
  /** A small JSON object: which keys changed, a count, a format. Never secrets. */
  details?: Record<string, unknown>;
}

/**
 * Appends one entry to its org's chain, inside the caller's transaction (it
 * must be one: the lock is transaction-scoped), so
 * the entry exists if and only if the change it records commits. Call it
 * last in the transaction: the org's audit lock is taken here and held to
 * commit, and keeping it short keeps concurrent admin changes in one org
 * from waiting long on each other.
 *
 * The race it guards: two transactions in one org that both read the same
 * last hash would fork the chain. Under the advisory lock the second one
 * reads the last hash only after the first committed (READ COMMITTED takes
 * a fresh snapshot per statement), and the id is drawn under the lock too,
 * so an org's ids grow in chain order.
 */
export async function appendAudit(trx: Transaction<DB> | Kysely<DB>, e: AuditEntry): Promise<{ id: number; hash: string }> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${`tally:audit:${e.orgId}`}, 0))`.execute(trx);
  const { rows } = await sql<{ id: number; prev: string | null }>`
    select nextval(pg_get_serial_sequence('audit_log', 'id')) as id,
      (select hash from audit_log where org_id = ${e.orgId} order by id desc limit 1) as prev`.execute(trx);
  const id = Number(rows[0].id);
  const prev = rows[0].prev;
  // Milliseconds, so the stored timestamptz reads back as exactly this string.
  const at = new Date().toISOString();
  const details = e.details ?? {};
  const hash = auditHash(prev, { org_id: e.orgId, id, actor: e.actor, action: e.action, target: e.target, details, at });
  await sql`
    insert into audit_log (id, org_id, actor, action, target, details, at, prev_hash, hash)
    overriding system value
    values (${id}, ${e.orgId}, ${e.actor}, ${e.action}, ${e.target}, ${JSON.stringify(details)}::jsonb, ${at}::timestamptz, ${prev}, ${hash})`.execute(trx);
  return { id: Number(id), hash };
}
