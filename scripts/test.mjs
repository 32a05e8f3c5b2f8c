#!/usr/bin/env node
// `npm test`: every test, on PGlite and on PostgreSQL when a server is reachable.
// Without a PostgreSQL server the PGlite half still runs and we say, loudly,
// that the PostgreSQL half was skipped. Without Chromium the browser tests are skipped, loudly.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import pg from 'pg';

const candidates = process.env.TALLY_TEST_PG_URL
  ? [process.env.TALLY_TEST_PG_URL]
  : ['postgres://root@127.0.0.1:5432/postgres', 'postgres://postgres@127.0.0.1:5432/postgres'];

async function reachable(url) {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await c.connect();
    const r = await c.query('select rolcreatedb or rolsuper as ok from pg_roles where rolname = current_user');
    return r.rows[0]?.ok === true;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => {});
  }
}

let pgUrl;
for (const url of candidates) if (await reachable(url)) { pgUrl = url; break; }

const projects = ['unit', 'pglite'];
const banner = (lines) => console.log(`\n${'!'.repeat(78)}\n${lines.map((l) => `!!  ${l}`).join('\n')}\n${'!'.repeat(78)}\n`);
const skipped = [];
if (pgUrl) projects.push('postgres');
else if (process.env.TALLY_REQUIRE_PG) {
  console.error('TALLY_REQUIRE_PG is set but no PostgreSQL server is reachable at 127.0.0.1:5432.');
  process.exit(1);
} else {
  skipped.push('postgres');
  banner(['PostgreSQL half SKIPPED: no server at 127.0.0.1:5432 (tried users root and postgres).', 'Only the PGlite half runs. Start PostgreSQL or set TALLY_TEST_PG_URL to run both.']);
}
const chromium = process.env.TALLY_CHROMIUM ?? '/usr/bin/chromium';
if (existsSync(chromium) && existsSync('e2e')) {
  projects.push('e2e');
  if (existsSync('web/index.html')) {
    const b = spawnSync('npx', ['vite', 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], { stdio: 'inherit' });
    if (b.status !== 0) process.exit(b.status ?? 1);
  }
} else if (existsSync('e2e')) {
  if (process.env.TALLY_REQUIRE_CHROMIUM) {
    console.error(`TALLY_REQUIRE_CHROMIUM is set but there is no Chromium at ${chromium}.`);
    process.exit(1);
  }
  skipped.push('e2e');
  banner([`Browser tests SKIPPED: no Chromium at ${chromium}.`, 'Install Debian\'s chromium package (bash .ci/run does) to run them.']);
}

const args = ['vitest', 'run', ...projects.flatMap((p) => ['--project', p]), ...process.argv.slice(2)];
const r = spawnSync('npx', args, { stdio: 'inherit', env: { ...process.env, ...(pgUrl ? { TALLY_TEST_PG_URL: pgUrl } : {}) } });
if (skipped.length) banner([`Finished WITHOUT: ${skipped.join(', ')} (see above).`]);
process.exit(r.status ?? 1);
