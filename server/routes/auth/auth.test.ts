import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootstrap, DB_KIND, testApp, type TestApp } from '../../../test/harness.ts';

describe(`web login, sessions and the API description (${DB_KIND})`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp();
    await bootstrap(t.app);
  });
  afterAll(() => t.close());

  it('logs in with a password, keeps a session cookie, and logs out', async () => {
    const wrong = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'owner@acme.test', password: 'nope' } });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().error.code).toBe('invalid_credentials');
    const ok = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'OWNER@acme.test', password: 'correct horse' } });
    expect(ok.statusCode).toBe(200);
    const cookie = ok.cookies.find((c) => c.name === 'tally_session')!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', cookies: { tally_session: cookie.value } });
    expect(me.json()).toMatchObject({ user: { email: 'owner@acme.test' }, role: 'owner', orgs: [{ name: 'Acme', role: 'owner' }] });
    // The cookie's secret is not what the database stores.
    const stored = await t.database.db.selectFrom('sessions').select('id_hash').execute();
    expect(stored.map((s) => s.id_hash)).not.toContain(cookie.value);
    await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', cookies: { tally_session: cookie.value } });
    const after = await t.app.inject({ method: 'GET', url: '/api/v1/me', cookies: { tally_session: cookie.value } });
    expect(after.statusCode).toBe(401);
  });

  it('stores tokens hashed, never in the clear', async () => {
    const rows = await t.database.db.selectFrom('api_tokens').select(['prefix', 'token_hash']).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0].prefix).toMatch(/^tly_/);
    expect(rows[0].token_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('serves OpenAPI 3.1 and browsable docs without a token', async () => {
    const spec = await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    expect(spec.statusCode).toBe(200);
    const doc = spec.json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/projects/{id}/claims', '/api/v1/claims/{id}/submit', '/api/v1/projects/{id}/tasks']));
    expect(doc.paths['/api/v1/orgs/bootstrap'].post.requestBody.content['application/json'].schema.required).toEqual(['org', 'email', 'password']);
    const ui = await t.app.inject({ method: 'GET', url: '/api/docs/' });
    expect(ui.statusCode).toBe(200);
    expect(ui.headers['content-type']).toContain('text/html');
  });

  it('answers unknown API routes with a JSON 404', async () => {
    const r = await t.app.inject({ method: 'GET', url: '/api/v1/nothing-here' });
    expect(r.statusCode).toBe(404);
    expect(r.json().error.code).toBe('not_found');
  });
});
