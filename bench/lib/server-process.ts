import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface ServerProcess {
  url: string;
  port: number;
  pid: number;
  child: ChildProcess;
  /** Peak resident set size of the server process so far (VmHWM), in MB. */
  peakRssMb(): number | undefined;
  /** Everything the process printed (for diagnostics when something fails). */
  output(): string;
  /** SIGKILL: no shutdown hooks, no flushing; waits until the process is gone. */
  kill9(): Promise<void>;
  /** SIGTERM (graceful close), then SIGKILL after 10 s. */
  stop(): Promise<void>;
}

export interface SpawnOptions {
  /** PostgreSQL database URL; without it the server uses embedded PGlite in `dataDir`. */
  databaseUrl?: string;
  dataDir?: string;
  /** 0 (the default) lets the OS pick; pass the previous port to restart in place. */
  port?: number;
  env?: Record<string, string>;
  timeoutMs?: number;
}

function readStatusKb(pid: number, key: string): number | undefined {
  try {
    const m = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Starts `tally serve` (cli/tally) as a child process, exactly as a user would,
 * and resolves once it prints its URL. Logs are JSON at `warn` so per-request
 * logging does not take CPU from the work being measured.
 */
export async function spawnServer(o: SpawnOptions): Promise<ServerProcess> {
  const env: Record<string, string> = { ...(process.env as Record<string, string>) };
  delete env.DATABASE_URL;
  delete env.TALLY_DATA;
  Object.assign(env, { NODE_ENV: 'production', TALLY_LOG_LEVEL: 'warn', PORT: String(o.port ?? 0), HOST: '127.0.0.1' }, o.env ?? {});
  if (o.databaseUrl) env.DATABASE_URL = o.databaseUrl;
  else if (o.dataDir) env.TALLY_DATA = o.dataDir;
  else throw new Error('spawnServer needs databaseUrl or dataDir');
  // TALLY_BENCH_SERVER_NODE_ARGS passes flags to the server's node, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" to profile it.
  // They go through NODE_OPTIONS, so only flags node allows there (children such as PGlite's initdb inherit them).
  if (process.env.TALLY_BENCH_SERVER_NODE_ARGS) env.NODE_OPTIONS = `${env.NODE_OPTIONS ?? ''} ${process.env.TALLY_BENCH_SERVER_NODE_ARGS}`.trim();
  // The `tally` command users run (npx tally, npm start): a shell script that execs node, so child.pid is the server.
  // It runs this process's node, not whichever is first on PATH.
  env.TALLY_NODE = process.execPath;
  const child = spawn('cli/tally', ['serve'], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let lastPeak: number | undefined;
  const onData = (b: Buffer) => {
    out += b.toString();
    if (out.length > 200_000) out = out.slice(-100_000);
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start within ${o.timeoutMs ?? 60_000} ms:\n${out}`)), o.timeoutMs ?? 60_000);
    const check = () => {
      const m = /Tally is running at (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        child.stdout!.off('data', check);
        resolve(m[1]);
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code ?? signal}) before it started:\n${out}`));
    });
  });
  const pid = child.pid!;
  const peak = () => {
    const kb = readStatusKb(pid, 'VmHWM');
    if (kb !== undefined) lastPeak = kb / 1024;
    return lastPeak;
  };
  return {
    url,
    port: Number(new URL(url).port),
    pid,
    child,
    peakRssMb: peak,
    output: () => out,
    async kill9() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      peak();
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      peak();
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(t);
    },
  };
}
