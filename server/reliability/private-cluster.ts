/**
 * A private, throwaway PostgreSQL cluster for scenarios that stop the
 * database (the outage test and soak): initdb into a fresh temp folder, one
 * free port on 127.0.0.1, trust auth, the unix socket inside that folder.
 * Stopping it harms nobody else; `destroy()` stops it (immediate) and removes
 * the folder.
 *
 * initdb and postgres refuse to run as root, so as root they run as the
 * `postgres` OS user (runuser), which owns the folder.
 */
import { spawn, spawnSync } from 'node:child_process';
import { chownSync, existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PgServerBinaries {
  bindir: string;
  /** The OS user the server runs as when we are root (initdb/postgres refuse root). */
  runAs?: { user: string; uid: number; gid: number };
}

const TOOLS = ['initdb', 'pg_ctl', 'postgres'];

function hasTools(dir: string): boolean {
  return TOOLS.every((t) => existsSync(join(dir, t)));
}

/**
 * Where initdb, pg_ctl and postgres are ($TALLY_PG_BINDIR, `pg_config
 * --bindir`, or the newest /usr/lib/postgresql/<version>/bin), and whom to run
 * them as; or why a private cluster cannot be started here.
 */
export function findPgServerBinaries(): PgServerBinaries | { missing: string } {
  const candidates: string[] = [];
  if (process.env.TALLY_PG_BINDIR) candidates.push(process.env.TALLY_PG_BINDIR);
  const cfg = spawnSync('pg_config', ['--bindir'], { encoding: 'utf8' });
  if (cfg.status === 0 && cfg.stdout.trim()) candidates.push(cfg.stdout.trim());
  try {
    const versions = readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a) || b.localeCompare(a));
    candidates.push(...versions.map((v) => `/usr/lib/postgresql/${v}/bin`));
  } catch {
    // no Debian layout
  }
  const tried = [...new Set(candidates)];
  const bindir = tried.find(hasTools);
  if (!bindir) {
    return { missing: `no PostgreSQL server binaries (${TOOLS.join(', ')}) in ${tried.length ? tried.join(', ') : 'pg_config --bindir or /usr/lib/postgresql/*/bin'}; install the PostgreSQL server package or set TALLY_PG_BINDIR` };
  }
  if (process.getuid?.() !== 0) return { bindir };
  const id = (flag: string) => spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' });
  const uid = id('-u');
  const gid = id('-g');
  if (uid.status !== 0 || gid.status !== 0) return { missing: 'running as root, and there is no `postgres` OS user to run initdb/postgres as (they refuse root)' };
  if (spawnSync('runuser', ['--help'], { stdio: 'ignore' }).status !== 0) return { missing: 'running as root without `runuser` to start PostgreSQL as the `postgres` user' };
  return { bindir, runAs: { user: 'postgres', uid: Number(uid.stdout), gid: Number(gid.stdout) } };
}

export interface PrivateCluster {
  /** Superuser URL of the `postgres` database (user postgres, trust auth). */
  readonly adminUrl: string;
  readonly port: number;
  readonly dir: string;
  /** pg_ctl start -w (on the same port and folder). */
  start(): Promise<void>;
  /** pg_ctl stop -w; `fast` (the default) is what an administrator's stop does. */
  stop(mode?: 'fast' | 'immediate'): Promise<void>;
  /** The server log so far (for diagnostics). */
  log(): string;
  /** Stops it (immediate) if it runs and removes the folder. Safe to call twice. */
  destroy(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** Runs a PostgreSQL tool (as the postgres user when we are root), asynchronously: the caller's event loop keeps serving its load. */
function run(bins: PgServerBinaries, tool: string, args: string[]): Promise<string> {
  const [cmd, argv] = bins.runAs ? ['runuser', ['-u', bins.runAs.user, '--', join(bins.bindir, tool), ...args]] : [join(bins.bindir, tool), args];
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr.on('data', (b: Buffer) => (out += b.toString()));
    child.once('error', reject);
    child.once('exit', (code, signal) => (code === 0 ? resolve(out) : reject(new Error(`${tool} ${args.join(' ')} failed (${code ?? signal}):\n${out}`))));
  });
}

/** initdb + pg_ctl start on a free port. Throws (after cleaning up) if it cannot; check findPgServerBinaries() first. */
export async function startPrivateCluster(): Promise<PrivateCluster> {
  const bins = findPgServerBinaries();
  if ('missing' in bins) throw new Error(bins.missing);
  const dir = await mkdtemp(join(tmpdir(), 'tally-pg-'));
  if (bins.runAs) chownSync(dir, bins.runAs.uid, bins.runAs.gid);
  const data = join(dir, 'data');
  const logFile = join(dir, 'postgres.log');
  let port = 0;
  let running = false;
  const log = () => {
    try {
      return readFileSync(logFile, 'utf8');
    } catch {
      return '';
    }
  };
  // If the caller dies without destroy() (a test run cut short), do not leave a postmaster behind.
  const onExit = () => {
    if (!running) return;
    const [cmd, argv] = bins.runAs ? ['runuser', ['-u', bins.runAs.user, '--', join(bins.bindir, 'pg_ctl')]] : [join(bins.bindir, 'pg_ctl'), []];
    spawnSync(cmd, [...argv, 'stop', '-m', 'immediate', '-D', data], { stdio: 'ignore' });
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', onExit);
  const cluster: PrivateCluster = {
    get adminUrl() {
      return `postgres://postgres@127.0.0.1:${port}/postgres`;
    },
    get port() {
      return port;
    },
    dir,
    log,
    async start() {
      // fsync off: a throwaway cluster never survives an OS crash anyway; a stop (fast or immediate) loses nothing.
      const opts = `-c listen_addresses=127.0.0.1 -c port=${port} -c unix_socket_directories=${dir} -c fsync=off`;
      await run(bins, 'pg_ctl', ['start', '-w', '-t', '30', '-D', data, '-l', logFile, '-o', opts]);
      running = true;
    },
    async stop(mode = 'fast') {
      await run(bins, 'pg_ctl', ['stop', '-w', '-t', '30', '-m', mode, '-D', data]);
      running = false;
    },
    async destroy() {
      process.off('exit', onExit);
      if (running || existsSync(join(data, 'postmaster.pid'))) await cluster.stop('immediate').catch(() => {});
      await rm(dir, { recursive: true, force: true });
    },
  };
  try {
    await run(bins, 'initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync', '--encoding=UTF8', '--locale=C']);
    // A port free a moment ago may be taken by the time postgres binds it: try a few.
    for (let attempt = 1; ; attempt++) {
      port = await freePort();
      try {
        await cluster.start();
        break;
      } catch (e) {
        if (attempt >= 3) throw new Error(`${(e as Error).message}\n${log()}`);
      }
    }
    return cluster;
  } catch (e) {
    await cluster.destroy();
    throw e;
  }
}
