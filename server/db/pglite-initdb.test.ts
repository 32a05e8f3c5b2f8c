import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { DB_KIND } from '../../test/harness.ts';
import { openDatabase } from './database.ts';
import { initdbInChild, needsInitdb } from './pglite-initdb.ts';

describe.skipIf(DB_KIND !== 'pglite')('PGlite data folder created by initdb in a child process', () => {
  const dirs: string[] = [];
  const tempDir = async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tally-initdb-'));
    dirs.push(dir);
    return dir;
  };
  afterAll(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  it('opens a fresh folder, migrates it, and reopens it with the data kept', async () => {
    const folder = join(await tempDir(), 'data');
    expect(needsInitdb(folder)).toBe(true);
    const first = await openDatabase({ dataDir: folder });
    try {
      expect(needsInitdb(folder)).toBe(false);
      const { rows: applied } = await sql<{ n: number }>`select count(*)::int as n from schema_migrations`.execute(first.db);
      expect(applied[0].n).toBeGreaterThan(0);
      await sql`insert into orgs (name) values ('kept')`.execute(first.db);
      // The server's own settings apply to the cluster the child created.
      const { rows } = await sql<{ shared_buffers: string }>`show shared_buffers`.execute(first.db);
      expect(rows[0].shared_buffers).toBe('16MB');
    } finally {
      await first.close();
    }
    const again = await openDatabase({ dataDir: folder });
    try {
      const { rows } = await sql<{ name: string }>`select name from orgs`.execute(again.db);
      expect(rows.map((r) => r.name)).toEqual(['kept']);
    } finally {
      await again.close();
    }
  });

  it("reports the child's peak RSS, and migrates only when asked", async () => {
    const folder = join(await tempDir(), 'data');
    const { peakRssMb } = await initdbInChild(folder, { migrate: false });
    expect(peakRssMb).toBeGreaterThan(50);
    expect(needsInitdb(folder)).toBe(false);
    const bare = await openDatabase({ dataDir: folder, migrate: false });
    try {
      const { rows } = await sql<{ t: string | null }>`select to_regclass('schema_migrations')::text as t`.execute(bare.db);
      expect(rows[0].t).toBeNull();
    } finally {
      await bare.close();
    }
  });

  it('fails with the reason when the folder cannot be created', async () => {
    const file = join(await tempDir(), 'not-a-folder');
    await writeFile(file, 'x');
    await expect(openDatabase({ dataDir: join(file, 'data') })).rejects.toThrow(/initdb of the PGlite data folder .* failed/);
  });
});
