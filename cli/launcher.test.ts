import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const LAUNCHER = new URL('./tally', import.meta.url).pathname;
const BIN = new URL('./bin.js', import.meta.url).pathname;

describe('cli/tally, the sh launcher behind `npx tally` and `npm start`', () => {
  // A folder with a space, and links to the launcher as npm makes them in node_modules/.bin (relative) or by hand (absolute).
  const dir = mkdtempSync(join(tmpdir(), 'tally launcher '));
  mkdirSync(join(dir, '.bin'));
  const relativeLink = join(dir, '.bin', 'tally');
  symlinkSync(relative(join(dir, '.bin'), LAUNCHER), relativeLink);
  const absoluteLink = join(dir, 'tally-abs');
  symlinkSync(LAUNCHER, absoluteLink);
  // Stands in for node to show what the launcher runs: its arguments and MALLOC_ARENA_MAX.
  const echoNode = join(dir, 'echo-node');
  writeFileSync(echoNode, '#!/bin/sh\necho "arena=${MALLOC_ARENA_MAX:-unset}"\nfor a in "$@"; do echo "arg=$a"; done\n');
  chmodSync(echoNode, 0o755);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const run = (cmd: string, args: string[], env: Record<string, string | undefined>) => {
    const clean: Record<string, string | undefined> = { ...process.env, TALLY_NODE: echoNode, ...env };
    for (const [k, v] of Object.entries(clean)) if (v === undefined) delete clean[k];
    const r = spawnSync(cmd, args, { env: clean, encoding: 'utf8', timeout: 30_000 });
    expect(r.status, r.stderr).toBe(0);
    return r.stdout.trim().split('\n');
  };

  it('runs cli/bin.js from its real folder through relative and absolute links, arguments intact', () => {
    for (const link of [relativeLink, absoluteLink]) {
      expect(run(link, ['import', 'a file.jsonl', '--project', '7'], { DATABASE_URL: undefined, MALLOC_ARENA_MAX: undefined })).toEqual([
        'arena=unset',
        `arg=${BIN}`,
        'arg=import',
        'arg=a file.jsonl',
        'arg=--project',
        'arg=7',
      ]);
    }
  });

  it('gives `serve` on PGlite one malloc arena, but not `serve` on PostgreSQL, and never overrides a set value', () => {
    expect(run(relativeLink, ['serve'], { DATABASE_URL: undefined, MALLOC_ARENA_MAX: undefined })[0]).toBe('arena=1');
    expect(run(relativeLink, ['serve'], { DATABASE_URL: 'postgres://x@127.0.0.1/y', MALLOC_ARENA_MAX: undefined })[0]).toBe('arena=unset');
    expect(run(relativeLink, ['serve'], { DATABASE_URL: undefined, MALLOC_ARENA_MAX: '4' })[0]).toBe('arena=4');
  });

  it('starts the real command with the real node', () => {
    const out = run(relativeLink, ['--help'], { TALLY_NODE: process.execPath });
    expect(out[0]).toBe('Usage: tally [options] [command]');
  });
});
