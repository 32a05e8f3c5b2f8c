import { readdir, readFile } from 'node:fs/promises';
import { sql } from 'kysely';
import type { Database } from './database.ts';

const SQL_DIR = new URL('./sql/', import.meta.url);
// Any constant shared by every Tally process: the advisory lock serializes
// concurrent start-ups so two processes never apply the same migration.
const MIGRATION_LOCK = 7_242_001;

/**
 * Applies the numbered SQL files in `sql/` that are not yet recorded, forward
 * only, each in one transaction, under an advisory lock.
 */
export async function migrate(database: Database): Promise<string[]> {
  const files = (await readdir(SQL_DIR)).filter((f) => /^\d{4}_.+\.sql$/.test(f)).sort();
  const applied: string[] = [];
  await database.db.connection().execute(async (conn) => {
    // Must come first so a concurrent start-up waits here instead of racing the create.
    await sql`select pg_advisory_lock(${MIGRATION_LOCK})`.execute(conn);
    try {
      await sql`create table if not exists schema_migrations (name text primary key, applied_at timestamptz not null default now())`.execute(conn);
      const done = new Set((await sql<{ name: string }>`select name from schema_migrations`.execute(conn)).rows.map((r) => r.name));
      for (const file of files) {
        if (done.has(file)) continue;
        const script = await readFile(new URL(file, SQL_DIR), 'utf8');
        await conn.transaction().execute(async (trx) => {
          await sql.raw(script).execute(trx);
          await sql`insert into schema_migrations (name) values (${file})`.execute(trx);
        });
        applied.push(file);
      }
    } finally {
      await sql`select pg_advisory_unlock(${MIGRATION_LOCK})`.execute(conn);
    }
  });
  return applied;
}
