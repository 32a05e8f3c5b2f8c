import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { TallyApp } from '../../app.ts';
import { listAudit, verifyAudit } from '../../commands/audit.ts';
import { AuditListOut, AuditQuery, AuditVerifyOut } from './schema.ts';

/** The org's audit log (owners and admins): who changed what, when, and a check of its hash chain. */
export async function auditRoutes(app: TallyApp) {
  const { db } = app.tally.database;
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/audit',
    { schema: { tags: ['audit'], summary: "The org's audit entries, newest first", querystring: AuditQuery, response: { 200: AuditListOut } } },
    async (req) => {
      const page = await listAudit(db, req.auth, req.query);
      return {
        items: page.rows.map((e) => ({
          id: e.id,
          orgId: e.org_id,
          actor: e.actor,
          action: e.action,
          target: e.target,
          details: e.details as Record<string, unknown>,
          at: e.at,
          prevHash: e.prev_hash,
          hash: e.hash,
        })),
        nextCursor: page.next,
      };
    },
  );
  r.get(
    '/audit/verify',
    { schema: { tags: ['audit'], summary: "Recompute the org's audit hash chain from its first entry", response: { 200: AuditVerifyOut } } },
    async (req) => verifyAudit(db, req.auth),
  );
}
