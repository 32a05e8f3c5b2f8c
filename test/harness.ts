import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { buildApp, type TallyApp } from '../server/app.ts';
import { loadConfig } from '../server/config.ts';
import { openDatabase, type Database } from '../server/db/database.ts';

/** Which engine this test run uses: vitest's `pglite` and `postgres` projects set it. */
export const DB_KIND = (process.env.TALLY_TEST_DB ?? 'pglite') as 'pglite' | 'postgres';
export const PG_ADMIN_URL = process.env.TALLY_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * A fresh, migrated database for one test file: an in-memory PGlite, or a new
 * database on the local PostgreSQL that is dropped afterwards. No mocks.
 */
export async function freshDatabase(): Promise<{ database: Database; url?: string; dispose(): Promise<void> }> {
  if (DB_KIND === 'pglite') {
    const database = await openDatabase({});
    return { database, dispose: () => database.close() };
  }
  const name = `tally_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: url.toString(), poolSize: 20 });
  return {
    database,
    url: url.toString(),
    async dispose() {
      await database.close();
      const c = new pg.Client({ connectionString: PG_ADMIN_URL });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

export interface TestApp {
  app: TallyApp;
  database: Database;
  close(): Promise<void>;
}

/** The real app over a fresh database, driven in-process with Fastify's inject. */
export async function testApp(env: Record<string, string> = {}): Promise<TestApp> {
  const { database, dispose } = await freshDatabase();
  const config = loadConfig({ NODE_ENV: 'test', ...env });
  const app = await buildApp({ config, database });
  await app.ready();
  return {
    app,
    database,
    async close() {
      await app.close();
      await dispose();
    },
  };
}

export interface Res<T = any> {
  status: number;
  body: T;
  text: string;
  headers: Record<string, unknown>;
}

/** A small client over inject: JSON in, parsed JSON (or text) out. */
export function client(app: TallyApp, token?: string) {
  async function request(method: string, url: string, payload?: unknown, headers: Record<string, string> = {}): Promise<Res> {
    const h: Record<string, string> = { ...headers };
    if (token) h.authorization = `Bearer ${token}`;
    let body: string | undefined;
    if (typeof payload === 'string') body = payload;
    else if (payload !== undefined) {
      body = JSON.stringify(payload);
      h['content-type'] ??= 'application/json';
    }
    const res = await app.inject({ method: method as 'GET', url, payload: body, headers: h });
    let parsed: unknown;
    try {
      parsed = res.body ? JSON.parse(res.body) : undefined;
    } catch {
      parsed = undefined;
    }
    return { status: res.statusCode, body: parsed, text: res.body, headers: res.headers };
  }
  return {
    request,
    get: (url: string) => request('GET', url),
    post: (url: string, payload?: unknown, headers?: Record<string, string>) => request('POST', url, payload, headers),
    patch: (url: string, payload?: unknown) => request('PATCH', url, payload),
  };
}

export type Client = ReturnType<typeof client>;

/** Bootstraps an org and returns its owner client plus helpers to add members. */
export async function bootstrap(app: TallyApp, org = 'Acme') {
  const anon = client(app);
  const res = await anon.post('/api/v1/orgs/bootstrap', { org, email: `owner@${org.toLowerCase()}.test`, password: 'correct horse', name: 'Owner' });
  if (res.status !== 201) throw new Error(`bootstrap failed: ${res.status} ${res.text}`);
  const owner = client(app, res.body.token);
  return { ...res.body, owner, anon };
}

/** Adds a member with a role and returns their id and an authenticated client. */
export async function addMember(app: TallyApp, owner: Client, email: string, role = 'annotator') {
  const m = await owner.post('/api/v1/members', { email, role, name: email.split('@')[0] });
  if (m.status !== 201) throw new Error(`add member failed: ${m.status} ${m.text}`);
  const t = await owner.post(`/api/v1/members/${m.body.id}/tokens`, {});
  if (t.status !== 201) throw new Error(`token failed: ${t.status} ${t.text}`);
  return { id: m.body.id as number, token: t.body.token as string, api: client(app, t.body.token) };
}

export const SENTIMENT_SCHEMA = { fields: [{ name: 'sentiment', type: 'choice', options: ['pos', 'neg', 'neutral'] }] };

/** A second, independent org (a competing customer) owned by a new owner. */
export async function secondOrg(app: TallyApp, owner: Client, name = 'Globex') {
  const res = await owner.post('/api/v1/orgs', { name });
  if (res.status !== 201) throw new Error(`create org failed: ${res.status} ${res.text}`);
  return { ...res.body, owner: client(app, res.body.token) } as { orgId: number; userId: number; token: string; owner: Client };
}
