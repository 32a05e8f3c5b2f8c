#!/usr/bin/env node
// The tally command. TypeScript runs through tsx's loader: no build step.
import { setFlagsFromString } from 'node:v8';
import { register } from 'tsx/esm/api';

// `tally serve` on embedded PGlite (no DATABASE_URL) holds the database in its
// own memory, so its V8 favours memory over speed: full GCs come sooner and
// compact, and the JS heaps stay small. 1M tasks, server peak RSS without ->
// with: import into a new folder 473-494 -> 260-325 MB, export 291 -> 271-282
// MB. The cost is CPU where Node allocates much: the import ran 55-58k instead
// of 65-78k rows/s (server CPU 13-15 -> 21-22 s), the export ~10 % slower; PGlite
// claims were unchanged (108-125 vs 112-120 annotations/s), their time is SQL.
// Set first, before tsx starts its loader thread (a second V8 heap) and the
// server's modules load: set when PGlite opened, it saved about half as much.
if (process.argv[2] === 'serve' && !process.env.DATABASE_URL) setFlagsFromString('--optimize-for-size');
register();
await import('./main.ts');
