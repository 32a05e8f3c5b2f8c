import { describe, expect, it } from 'vitest';
import { CompiledQuery, createQueryId, sql, type KyselyPlugin, type RootOperationNode } from 'kysely';
import { DB_KIND, freshDatabase } from '../../test/harness.ts';
import { OutboxWorker } from './worker.ts';

describe(`outbox claim query plan (${DB_KIND})`, () => {
  it("a worker of some kinds finds its due job through outbox_kind_due_idx, not by scanning another kind's backlog", async () => {
    const { database, dispose } = await freshDatabase();
    try {
      const db = database.db;
      // A backlog: 20k due deliveries ahead of a few due refits, and 20k refits done long ago.
      await sql`insert into outbox (kind, payload, run_at)
                select 'webhook.deliver', jsonb_build_object('deliveryId', g), now() - interval '1 hour' + g * interval '1 ms'
                from generate_series(1, 20000) g`.execute(db);
      await sql`insert into outbox (kind, payload, run_at, done_at)
                select 'refit', '{}', now() - interval '2 hours', now() - interval '1 hour' from generate_series(1, 20000) g`.execute(db);
      await sql`insert into outbox (kind, payload, run_at) select 'refit', '{}', now() - interval '1 minute' from generate_series(1, 5) g`.execute(db);
      await sql`insert into outbox (kind, payload, run_at) select 'webhook.event', '{}', now() - interval '30 seconds' from generate_series(1, 5) g`.execute(db);
      await sql`analyze outbox`.execute(db);

      // The worker's own claim statement, caught as it sends it (the job it claims has no
      // handler here, so it just counts a failed attempt), then explained.
      const planOf = async (kinds: string[]) => {
        const sent: RootOperationNode[] = [];
        const spy: KyselyPlugin = {
          transformQuery: ({ node }) => (sent.push(node), node),
          transformResult: async ({ result }) => result,
        };
        expect(await new OutboxWorker(db.withPlugin(spy), {}, { kinds }).runOnce()).toBe(true);
        const claim = db.getExecutor().compileQuery(sent[0], createQueryId());
        const plan = await db.executeQuery<Record<string, string>>(CompiledQuery.raw(`explain ${claim.sql}`, [...claim.parameters]));
        return plan.rows.map((r) => Object.values(r)[0]).join('\n');
      };
      for (const kinds of [['refit'], ['webhook.event', 'webhook.deliver']]) {
        const plan = await planOf(kinds);
        expect(plan, kinds.join(',')).toContain('outbox_kind_due_idx');
        expect(plan, kinds.join(',')).not.toContain('outbox_due_idx');
      }
    } finally {
      await dispose();
    }
  });
});
