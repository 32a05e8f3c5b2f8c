#!/usr/bin/env node
// Before `npm start`: build the web app once if it has not been built (or its sources changed since).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const dist = 'web/dist/index.html';
if (!existsSync('web/index.html')) process.exit(0);

function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

const built = existsSync(dist) ? statSync(dist).mtimeMs : 0;
if (built > Math.max(newest('web/src'), newest('core'), statSync('web/index.html').mtimeMs)) process.exit(0);
console.log('Building the web app (once)...');
const r = spawnSync('npx', ['vite', 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], { stdio: 'inherit' });
process.exit(r.status ?? 1);
