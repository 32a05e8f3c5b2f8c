import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KIND, freshDatabase } from '../../test/harness.ts';
import type { Database } from '../db/database.ts';
import { seedDemo } from './seed-demo.ts';

describe(`demo seed (${DB_KIND})`, () => {
  let database: Database;
  let dispose: () => Promise<void>;
  beforeAll(async () => ({ database, dispose } = await freshDatabase()));
  afterAll(() => dispose());

  it('fills an empty database once with valid projects and tasks of every kind, and never again', async () => {
    const boot = await seedDemo(database);
    expect(boot?.token).toMatch(/^tly_/);
    const projects = await database.db.selectFrom('projects').select(['name', 'schema']).orderBy('id').execute();
    const types = new Set(projects.flatMap((p) => (p.schema as { fields: Array<{ type: string }> }).fields.map((f) => f.type)));
    expect([...types].sort()).toEqual(['boxes', 'choice', 'pairwise', 'polygons', 'ranking', 'rating', 'spans', 'text']);
    const tasks = await database.db.selectFrom('tasks').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(tasks.n)).toBe(40 + 3 + 3 + 4);
    expect(await seedDemo(database)).toBeUndefined();
    const again = await database.db.selectFrom('projects').select('id').execute();
    expect(again).toHaveLength(projects.length);
  });
});
