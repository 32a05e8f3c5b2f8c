import { expect } from 'vitest';
import { openDatabase, type OpenOptions } from '../db/database.ts';
import { checkInvariants, exportedAnnotationIds, type Ack } from './load.ts';

/**
 * The queue's promises after a scenario, asserted on the database itself
 * (opened once the servers are gone: a PGlite folder has one owner at a
 * time): every acknowledged submission is stored and exported, no task is
 * over its overlap, counters agree with the rows, no user is twice on a task,
 * and no claim is stuck past its lease (as of `reapedAt`, when a claim that
 * reaps expired leases was sent).
 */
export async function expectQueueInvariants(where: OpenOptions, projectId: number, acks: Ack[], exportJsonl: string, reapedAt: Date): Promise<void> {
  const exported = exportedAnnotationIds(exportJsonl);
  const database = await openDatabase({ ...where, migrate: false });
  try {
    const r = await checkInvariants(database.db, projectId, acks, reapedAt);
    expect(r.missingAcks).toEqual([]);
    expect(acks.filter((a) => !exported.has(a.annotationId))).toEqual([]);
    expect(r.overCapacity).toEqual([]);
    expect(r.counterMismatch).toEqual([]);
    expect(r.duplicateUserTask).toBe(0);
    // Every claim whose lease had ended when the reaping claim was sent is closed.
    expect(r.stuckClaims).toBe(0);
  } finally {
    await database.close();
  }
}
