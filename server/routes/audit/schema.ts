import { z } from 'zod';

export const AuditQuery = z.object({
  cursor: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional().describe('The `nextCursor` of the previous page'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  action: z.string().max(100).optional().describe('Only this action, e.g. project.update'),
  actor: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional().describe('Only entries by this user id'),
  target: z.string().max(200).optional().describe('Only this target, e.g. project:12'),
});

// Answers (see server/routes/responses.ts: a key missing here is dropped from the answer).
const Id = z.number().int();
export const AuditEntryOut = z.object({
  id: Id,
  orgId: Id,
  actor: Id.nullable().describe('The user who made the change; null for the system'),
  action: z.string().describe('A stable dotted name, e.g. project.update'),
  target: z.string().nullable().describe('What was changed, kind:id, e.g. project:12'),
  details: z.record(z.string(), z.unknown()).describe('What the change was: changed keys, counts, formats; never secrets'),
  at: z.date(),
  prevHash: z.string().nullable().describe("The previous entry's hash in this org; null for the first"),
  hash: z.string().describe('sha256 hex of prevHash followed by the canonical JSON of the entry (docs/api.md, Audit log)'),
});
export const AuditListOut = z.object({
  items: z.array(AuditEntryOut),
  nextCursor: Id.nullable().describe('Pass as `cursor` for the next (older) page; null on the last page'),
});
export const AuditVerifyOut = z.object({
  ok: z.boolean().describe('True when every entry of the org chains to the one before it and hashes to its own hash'),
  entries: Id.describe('How many entries were checked (up to and including the first bad one)'),
  firstBadId: Id.optional().describe('The first entry whose prevHash or hash does not check out'),
});
