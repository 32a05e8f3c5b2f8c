import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KIND, freshDatabase } from '../test/harness.ts';

const BIN = new URL('./bin.js', import.meta.url).pathname;

describe(`tally CLI against a listening server (${DB_KIND})`, () => {
  const dir = mkdtempSync(join(tmpdir(), 'tally-cli-'));
  let env: Record<string, string>;
  let server: ChildProcess;
  let url: string;
  let token: string;
  let dispose = async () => {};

  const tally = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, encoding: 'utf8', timeout: 60_000 });

  beforeAll(async () => {
    env = { NODE_ENV: 'production', TALLY_LOG_LEVEL: 'warn', PORT: '0' };
    if (DB_KIND === 'postgres') {
      const fresh = await freshDatabase();
      await fresh.database.close();
      env.DATABASE_URL = fresh.url!;
      dispose = async () => {
        const { PG_ADMIN_URL } = await import('../test/harness.ts');
        const pg = (await import('pg')).default;
        const c = new pg.Client({ connectionString: PG_ADMIN_URL });
        await c.connect();
        await c.query(`drop database if exists ${new URL(fresh.url!).pathname.slice(1)} with (force)`);
        await c.end();
      };
    } else {
      env.TALLY_DATA = join(dir, 'data');
    }
    const init = tally('init', '--org', 'CLI Co', '--email', 'cli@co.test', '--password', 'cli-password');
    expect(init.status, init.stderr).toBe(0);
    token = /export TALLY_TOKEN=(\S+)/.exec(init.stdout)![1];
    const again = tally('init', '--org', 'Other', '--email', 'x@co.test', '--password', 'cli-password');
    expect(again.status).toBe(1);
    expect(again.stderr).toContain('already');

    server = spawn(process.execPath, [BIN, 'serve'], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
    url = await new Promise<string>((resolve, reject) => {
      let out = '';
      server.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /running at (http:\/\/\S+)/.exec(out);
        if (m) resolve(m[1]);
      });
      server.once('exit', (code) => reject(new Error(`server exited ${code}: ${out}`)));
    });
    env.TALLY_URL = url;
    env.TALLY_TOKEN = token;
  });

  afterAll(async () => {
    server?.kill('SIGTERM');
    await new Promise((r) => server?.once('exit', r));
    await dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('imports JSONL and CSV, refuses a bad CSV with its line, and exports', async () => {
    const res = await fetch(`${url}/api/v1/projects`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'CLI', schema: { fields: [{ name: 'label', type: 'choice', options: ['a', 'b'] }] } }),
    });
    const project = (await res.json()) as { id: number };
    const jsonl = join(dir, 'tasks.jsonl');
    writeFileSync(jsonl, Array.from({ length: 500 }, (_, i) => JSON.stringify({ uniqueId: `u${i}`, data: { text: `row ${i}` } })).join('\n'));
    const imp = tally('import', jsonl, '--project', String(project.id), '--quiet');
    expect(imp.status, imp.stderr).toBe(0);
    expect(imp.stdout).toContain('Imported 500 tasks (0 duplicates skipped)');
    const dup = tally('import', jsonl, '--project', String(project.id), '--quiet');
    expect(dup.stdout).toContain('Imported 0 tasks (500 duplicates skipped)');

    const csv = join(dir, 'tasks.csv');
    writeFileSync(csv, 'uniqueId,text\nc1,fine\nc2,"unterminated\n');
    const bad = tally('import', csv, '--project', String(project.id), '--quiet');
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/malformed_csv: line \d+/);

    const arrayFile = join(dir, 'tasks.json');
    writeFileSync(arrayFile, JSON.stringify(Array.from({ length: 300 }, (_, i) => ({ uniqueId: `j${i}`, data: { text: `json ${i}` } }))));
    const arr = tally('import', arrayFile, '--project', String(project.id), '--quiet');
    expect(arr.status, arr.stderr).toBe(0);
    expect(arr.stdout).toContain('Imported 300 tasks (0 duplicates skipped)');
    const notArray = join(dir, 'object.json');
    writeFileSync(notArray, '{"data": {"text": "one task, not an array"}}');
    const bad2 = tally('import', notArray, '--project', String(project.id), '--quiet');
    expect(bad2.status).toBe(1);
    expect(bad2.stderr).toContain('not a JSON array of tasks');

    const out = join(dir, 'out.csv');
    const exp = tally('export', '--project', String(project.id), '--format', 'csv', '-o', out);
    expect(exp.status, exp.stderr).toBe(0);
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('id,uniqueId,status,data,result,confidence,method,agreement,annotationCount,annotations');
    expect(lines).toHaveLength(801);
    const jsonOut = tally('export', '--project', String(project.id));
    expect(jsonOut.stdout.trim().split('\n')).toHaveLength(800);
  });

  it('exports COCO as JSON and YOLO as a zip file written byte for byte', async () => {
    const api = (path: string, body?: unknown) =>
      fetch(`${url}/api/v1${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body ?? {}),
      }).then(async (r) => (r.status === 204 ? null : r.json()) as Promise<any>);
    const schema = { fields: [{ name: 'cars', type: 'boxes', source: 'image', labels: ['car'] }] };
    const project = await api('/projects', { name: 'Boxes', schema, overlapMin: 1, overlapMax: 1, targetConfidence: 0 });
    await api(`/projects/${project.id}/tasks`, [{ data: { image: 'https://img.test/street.jpg' } }]);
    const claim = await api(`/projects/${project.id}/claims`);
    await api(`/claims/${claim.claim.id}/submit`, { value: { cars: [{ x: 10, y: 5, width: 20, height: 10, label: 'car' }] }, activeMs: 500 });

    const coco = tally('export', '--project', String(project.id), '--format', 'coco');
    expect(coco.status, coco.stderr).toBe(0);
    expect(JSON.parse(coco.stdout).annotations[0].bbox).toEqual([10, 5, 20, 10]);

    const noSize = tally('export', '--project', String(project.id), '--format', 'yolo', '-o', join(dir, 'no.zip'));
    expect(noSize.status).toBe(1);
    expect(noSize.stderr).toContain('image_size_unknown');
    const zip = join(dir, 'yolo.zip');
    const yolo = tally('export', '--project', String(project.id), '--format', 'yolo', '--image-size', '100x50', '-o', zip);
    expect(yolo.status, yolo.stderr).toBe(0);
    const { default: yauzl } = await import('yauzl');
    const label = await new Promise<string>((resolve, reject) =>
      yauzl.open(zip, { lazyEntries: true }, (err, z) => {
        if (err) return reject(err);
        z.on('entry', (e: { fileName: string }) => {
          if (e.fileName !== `labels/${claim.task.id}.txt`) return z.readEntry();
          z.openReadStream(e as never, (err2, s) => {
            if (err2) return reject(err2);
            let text = '';
            s.on('data', (d: Buffer) => (text += d.toString()));
            s.on('end', () => resolve(text));
          });
        });
        z.on('end', () => reject(new Error('no label file in the zip')));
        z.readEntry();
      }),
    );
    // Centre (20, 10) of 100x50 -> 0.2 0.2; size 20x10 -> 0.2 0.2.
    expect(label).toBe('0 0.2 0.2 0.2 0.2\n');
  });

  it('imports predictions for existing tasks from JSONL and a .json array, replacing per model, and deletes a model', async () => {
    const api = (path: string, init: RequestInit = {}) =>
      fetch(`${url}${path}`, { ...init, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...(init.headers as Record<string, string>) } });
    const project = (await (await api('/api/v1/projects', { method: 'POST', body: JSON.stringify({ name: 'Predicted', schema: { fields: [{ name: 'label', type: 'choice', options: ['a', 'b'] }] } }) })).json()) as { id: number };
    await api(`/api/v1/projects/${project.id}/tasks`, { method: 'POST', body: JSON.stringify(Array.from({ length: 20 }, (_, i) => ({ uniqueId: `p${i}`, data: { text: `row ${i}` } }))) });
    const jsonl = join(dir, 'predictions.jsonl');
    writeFileSync(jsonl, Array.from({ length: 20 }, (_, i) => JSON.stringify({ uniqueId: `p${i}`, model: 'm1', value: { label: 'a' }, score: i / 20 })).join('\n'));
    const first = tally('predictions', 'import', jsonl, '--project', String(project.id), '--quiet');
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toContain('Added 20 predictions and replaced 0.');
    const arrayFile = join(dir, 'predictions.json');
    writeFileSync(arrayFile, JSON.stringify([{ uniqueId: 'p0', model: 'm1', value: { label: 'b' } }, { uniqueId: 'p1', model: 'm2', value: { label: 'b' } }]));
    const second = tally('predictions', 'import', arrayFile, '--project', String(project.id), '--quiet');
    expect(second.status, second.stderr).toBe(0);
    expect(second.stdout).toContain('Added 1 predictions and replaced 1.');
    const bad = join(dir, 'bad-predictions.jsonl');
    writeFileSync(bad, `${JSON.stringify({ uniqueId: 'p2', model: 'm3', value: { label: 'a' } })}\n${JSON.stringify({ uniqueId: 'nope', model: 'm3', value: { label: 'a' } })}\n`);
    const refused = tally('predictions', 'import', bad, '--project', String(project.id), '--quiet');
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/invalid_prediction: line 2: /);
    const del = tally('predictions', 'delete', '--project', String(project.id), '--model', 'm1');
    expect(del.status, del.stderr).toBe(0);
    expect(del.stdout).toContain('Deleted 20 predictions of m1.');
    const tasks = (await (await api(`/api/v1/projects/${project.id}/tasks?limit=100`)).json()) as { items: Array<{ id: number; uniqueId: string }> };
    const p1 = tasks.items.find((t) => t.uniqueId === 'p1')!;
    expect(((await (await api(`/api/v1/tasks/${p1.id}`)).json()) as { predictions: unknown }).predictions).toEqual([{ model: 'm2', value: { label: 'b' }, score: null }]);
  });

  it('adds a member and creates a key for them', () => {
    const add = tally('users', 'add', '--email', 'ann@co.test', '--role', 'annotator');
    expect(add.status, add.stderr).toBe(0);
    const id = JSON.parse(add.stdout).id as number;
    const key = tally('keys', 'create', '--user', String(id));
    expect(key.stdout.trim()).toMatch(/^tly_[A-Za-z0-9_-]{43}$/);
  });
});
