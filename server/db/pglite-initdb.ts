import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { MemoryFS as MemoryFSClass, PGlite as PGliteClass } from '@electric-sql/pglite';
import { loadPGlite } from './pglite-pool.ts';

/**
 * The PostgreSQL settings of every PGlite instance Tally opens, and of the
 * initdb that creates its data folder.
 *
 * Shared buffers live in the WASM heap, which never gives memory back: at
 * PostgreSQL's default 128 MB they alone fill ~130 MB of resident memory once
 * a big import or export has cycled through them. Pages beyond these 16 MB are
 * read from and written to the data folder's files (the OS page cache), as in
 * any PostgreSQL. Durability is unchanged: PGlite's own start flags (fsync off)
 * are kept, and a commit still writes its WAL before it returns.
 */
export function pgliteSettings(PGlite: typeof PGliteClass) {
  return {
    startParams: [...PGlite.defaultStartParams, '-c', 'shared_buffers=16MB'],
    initDbStartParams: ['--set', 'shared_buffers=16MB'],
  };
}

/** True when `folder` holds no PostgreSQL cluster yet. */
export function needsInitdb(folder: string): boolean {
  return !existsSync(join(folder, 'PG_VERSION'));
}

/**
 * Creates the PostgreSQL cluster in an empty data folder from a short-lived
 * child process (`node --import tsx pglite-initdb.ts <folder> [--migrate]`),
 * applies Tally's migrations there when asked, and resolves with the child's
 * peak RSS in MB.
 *
 * Why a child: on a fresh folder PGlite.create (0.5.16) runs initdb in a
 * second, inner PGlite instance with its own WASM heap (>= 128 MB, the module
 * declares 2,048 pages) plus a 128 MB copy of it, next to the outer instance.
 * In the server that start-up peak was ~600 MB of VmHWM for good (the 1M-row
 * import bench: 606-625 MB on a fresh folder, 298-306 MB at start on an
 * initialized one), whatever the server did afterwards. In a child the memory
 * goes back to the OS when it exits, and the server opens an initialized folder.
 * The migrations of a new folder run there too: applying them (DDL code paths
 * the server never runs again) made the server's fresh-folder start-up peak
 * 245-284 MB against 226-250 MB with them done in the child.
 */
export async function initdbInChild(folder: string, opts: { migrate: boolean }): Promise<{ peakRssMb: number }> {
  // tsx's loader by absolute URL: the child must not depend on the current directory.
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  const args = [fileURLToPath(import.meta.url), resolve(folder), ...(opts.migrate ? ['--migrate'] : [])];
  const child = spawn(process.execPath, ['--import', tsx, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (b: Buffer) => (out += b));
  child.stderr.on('data', (b: Buffer) => (err += b));
  const code = await new Promise<number | null>((done, fail) => {
    child.once('error', fail);
    child.once('close', (c, signal) => done(c ?? (signal ? -1 : null)));
  });
  const report = /^\{"peakRssMb":\d+\}$/m.exec(out);
  if (code !== 0 || !report || needsInitdb(folder)) {
    throw new Error(`initdb of the PGlite data folder ${folder} failed (exit ${code}):\n${err || out}`);
  }
  return JSON.parse(report[0]) as { peakRssMb: number };
}

/**
 * PGlite's NodeFS (the data folder mounted with Emscripten's NODEFS at PGDATA),
 * declared as a MemoryFS. For a MemoryFS, PGlite's inner initdb instance writes
 * straight into this instance's PGDATA; for any other filesystem it builds the
 * cluster in memory, tars it and unpacks the tar here, ~200 MB more peak RSS
 * (0.5.16). Otherwise this is NodeFS: the same mount, the same close. Should
 * PGlite drop that branch, this still works as NodeFS, only with a higher peak.
 */
function folderFs(MemoryFS: typeof MemoryFSClass, pgdata: string, folder: string) {
  const root = resolve(folder);
  mkdirSync(root, { recursive: true });
  return new (class extends MemoryFS {
    override async init(...args: Parameters<InstanceType<typeof MemoryFS>['init']>) {
      const { emscriptenOpts } = await super.init(...args);
      const mountFolder = (mod: { FS: any; NODEFS: unknown }) => {
        mod.FS.mkdirTree(pgdata);
        mod.FS.mount(mod.NODEFS, { root }, pgdata);
      };
      return { emscriptenOpts: { ...emscriptenOpts, preRun: [...(emscriptenOpts.preRun ?? []), mountFolder] } };
    }
  })();
}

/** The child's work: open PGlite on the folder (which runs initdb), migrate it if asked, close it, report the peak. */
async function main(folder: string, migrate: boolean) {
  const { PGlite, MemoryFS } = loadPGlite();
  const pglite = await PGlite.create({ fs: folderFs(MemoryFS, PGlite.paths.PGDATA, folder), ...pgliteSettings(PGlite) });
  if (migrate) {
    // Loaded here, not at the top: database.ts imports this module.
    const { pgliteDatabase } = await import('./database.ts');
    const { migrate: applyMigrations } = await import('./migrate.ts');
    const database = pgliteDatabase(pglite);
    await applyMigrations(database);
    await database.close();
  } else {
    await pglite.close();
  }
  // ru_maxrss is in KB on Linux: the same figure as /proc/<pid>/status VmHWM.
  process.stdout.write(`${JSON.stringify({ peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) })}\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv[2]!, process.argv[3] === '--migrate').catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
