import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KIND, freshDatabase } from '../../test/harness.ts';
import type { Database } from '../db/database.ts';
import { bootstrapOrg } from './bootstrap-org.ts';
import { refitProject } from './refit-quality.ts';
import { readShared } from '../../core/quality/test-data.ts';

const csv = (name: string) =>
  readShared(`truth/${name}`)
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(','));

/**
 * Loads a reference crowd (answers by real workers, with ground truth) into a
 * project as tasks, users, claims and annotations, exactly as the queue would
 * have stored them, so the refit reads real rows.
 */
async function seedCrowd(database: Database, orgId: number, dataset: string, aggregation: string) {
  const answers = csv(`${dataset}/answer.csv`);
  const labels = [...new Set(answers.map((a) => a[2]))].sort();
  const project = await database.db
    .insertInto('projects')
    .values({ org_id: orgId, name: dataset, schema: JSON.stringify({ fields: [{ name: 'label', type: 'choice', options: labels.map((v) => ({ value: v, label: v, hotkey: null })), multiple: false, required: true }] }), overlap_min: 1, overlap_max: 50, aggregation })
    .returning('id')
    .executeTakeFirstOrThrow();
  const rows = answers.map(([question, worker, label]) => ({ question, worker, label }));
  await sql`
    with input as (select * from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(question text, worker text, label text)),
    u as (insert into users (email, name) select distinct ${String(project.id)} || '-' || worker || '@crowd.test', ${String(project.id)} || ':' || worker from input returning id, name),
    t as (
      insert into tasks (org_id, project_id, unique_id, data, needed, submitted, status)
      select ${orgId}, ${project.id}, question, jsonb_build_object('q', question), 50, count(*), 'done' from input group by question
      returning id, unique_id),
    c as (
      insert into claims (org_id, project_id, task_id, user_id, status, lease_until)
      select ${orgId}, ${project.id}, t.id, u.id, 'submitted', now()
      from input join t on t.unique_id = input.question join u on u.name = ${String(project.id)} || ':' || input.worker
      returning id, task_id, user_id),
    r as (
      -- Each submit stored a result; the refit replaces these placeholders (a task it missed keeps method 'seeded').
      insert into results (task_id, org_id, project_id, value, method)
      select t.id, ${orgId}, ${project.id}, '{}'::jsonb, 'seeded' from t)
    insert into annotations (org_id, project_id, task_id, user_id, claim_id, value)
    select ${orgId}, ${project.id}, c.task_id, c.user_id, c.id, jsonb_build_object('label', input.label)
    from c join t on t.id = c.task_id join u on u.id = c.user_id
    join input on input.question = t.unique_id and ${String(project.id)} || ':' || input.worker = u.name`.execute(database.db);
  return project.id;
}

async function accuracy(database: Database, projectId: number, dataset: string) {
  const truth = new Map(csv(`${dataset}/truth.csv`).map(([q, t]) => [q, t]));
  const results = await sql<{ unique_id: string; label: string; method: string; confidence: number }>`
    select t.unique_id, r.value ->> 'label' as label, r.method, r.confidence
    from results r join tasks t on t.id = r.task_id where r.project_id = ${projectId}`.execute(database.db);
  let right = 0;
  let n = 0;
  for (const r of results.rows) {
    if (!truth.has(r.unique_id)) continue;
    n++;
    if (truth.get(r.unique_id) === r.label) right++;
  }
  return { accuracy: right / n, n, methods: new Set(results.rows.map((r) => r.method)), results: results.rows };
}

describe(`refit through the database (${DB_KIND})`, () => {
  let database: Database;
  let dispose: () => Promise<void>;
  let orgId: number;
  beforeAll(async () => {
    ({ database, dispose } = await freshDatabase());
    orgId = (await bootstrapOrg(database.db, { org: 'Crowd', email: 'o@crowd.test', password: 'password123' })).orgId;
  });
  afterAll(() => dispose());

  // crowd-kit 1.4.1 figures from ../shared/data/truth/README.md, less the allowed 0.005.
  it('Dawid-Skene on the Duck crowd, read from the database, matches crowd-kit (>= .8889 - .005)', async () => {
    const ds = await seedCrowd(database, orgId, 'd_Duck_Identification', 'ds');
    const fit = await refitProject(database.db, ds);
    expect(fit).toEqual({ method: 'ds', fields: 1 });
    const r = await accuracy(database, ds, 'd_Duck_Identification');
    expect(r.n).toBe(108);
    expect(r.methods).toEqual(new Set(['ds']));
    expect(r.accuracy).toBeGreaterThanOrEqual(0.8889 - 0.005);
    for (const row of r.results) expect(row.confidence).toBeGreaterThan(0.5);

    const mv = await seedCrowd(database, orgId, 'd_Duck_Identification', 'mv');
    expect((await refitProject(database.db, mv)).method).toBe('mv');
    // MV is computed at submit time; the refit leaves an MV project without a model.
    const models = await database.db.selectFrom('quality_models').selectAll().where('project_id', '=', mv).execute();
    expect(models).toEqual([]);
    const stored = await database.db.selectFrom('quality_models').select(['method', 'answers']).where('project_id', '=', ds).executeTakeFirstOrThrow();
    expect(stored).toEqual({ method: 'ds', answers: 4212 });
    const est = await database.db.selectFrom('annotator_quality').select('estimated_accuracy').where('project_id', '=', ds).execute();
    expect(est).toHaveLength(39);
    for (const e of est) expect(e.estimated_accuracy).toBeGreaterThanOrEqual(0);
  });

  it('MACE and GLAD on the Dog crowd are within .01 of crowd-kit', async () => {
    for (const [method, expected] of [['mace', 0.8302], ['glad', 0.834]] as const) {
      const id = await seedCrowd(database, orgId, 's4_Dog_data', method);
      await refitProject(database.db, id);
      const r = await accuracy(database, id, 's4_Dog_data');
      expect(r.methods).toEqual(new Set([method]));
      expect(Math.abs(r.accuracy - expected), `${method} accuracy ${r.accuracy}`).toBeLessThanOrEqual(0.01);
    }
  });
});
