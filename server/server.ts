import { resolve } from 'node:path';
import type { Config } from './config.ts';
import { buildApp, type TallyApp } from './app.ts';
import { openDatabase, type Database } from './db/database.ts';
import { DEMO_ANNOTATOR, DEMO_LOGIN, seedDemo } from './commands/seed-demo.ts';
import { OutboxWorker } from './outbox/worker.ts';
import { jobHandlers } from './outbox/handlers.ts';
import { InferencePool } from './outbox/inference-pool.ts';
import { webhookHandlers } from './outbox/webhooks.ts';
import { pruneFinished } from './outbox/retention.ts';

/** One project's refits take at most this share of the time (outbox/refit-pacer.ts). */
const REFIT_SHARE = 0.1;
/**
 * Webhook deliveries sent at once by a process: a slow receiver holds some of
 * them, never the refits, and at most MAX_SENDS_PER_HOST (outbox/webhooks.ts)
 * of them per target host, so one dead receiver cannot hold up everyone's.
 */
const WEBHOOK_SENDERS = 8;
/** How often a process deletes what is past TALLY_RETENTION_DAYS (outbox/retention.ts). */
const PRUNE_EVERY_MS = 60 * 60_000;

export interface RunningServer {
  app: TallyApp;
  database: Database;
  url: string;
  close(): Promise<void>;
}

/** Opens the database (migrating it), builds the app and listens. */
export async function startServer(config: Config, opts: { demo?: boolean; log?: boolean } = {}): Promise<RunningServer> {
  const database = await openDatabase({
    databaseUrl: config.DATABASE_URL,
    dataDir: config.DATABASE_URL ? undefined : resolve(config.TALLY_DATA),
    poolSize: config.TALLY_POOL_SIZE,
  });
  const seeded = opts.demo ? await seedDemo(database) : undefined;
  const logger =
    opts.log === false
      ? false
      : config.NODE_ENV === 'production'
        ? { level: config.TALLY_LOG_LEVEL }
        : { level: config.TALLY_LOG_LEVEL, transport: { target: 'pino-pretty', options: { translateTime: 'HH:MM:ss', ignore: 'pid,hostname' } } };
  const app = await buildApp({ config, database, logger });
  const inference = new InferencePool();
  const handlers = jobHandlers(database.db, (m, e, o) => inference.run(m, e, o), { refitShare: REFIT_SHARE });
  const worker = new OutboxWorker(database.db, handlers, {
    kinds: Object.keys(handlers),
    onError: (err, job) => app.log.error({ err, job: job.id, kind: job.kind }, 'background job failed'),
    onPollError: (err) =>
      err === undefined
        ? app.log.warn('background jobs resumed: the outbox works again')
        : app.log.error({ err }, 'background jobs paused: claiming or closing an outbox job failed (retrying every poll)'),
  });
  // Webhook deliveries wait on other servers (up to their timeout): workers of their own.
  const hooks = webhookHandlers(database.db);
  const senders = Array.from(
    { length: WEBHOOK_SENDERS },
    () => new OutboxWorker(database.db, hooks, { kinds: Object.keys(hooks), onError: (err, job) => app.log.error({ err, job: job.id, kind: job.kind }, 'webhook job failed') }),
  );
  await app.listen({ port: config.PORT, host: config.HOST });
  worker.start();
  for (const s of senders) s.start();
  let pruning: Promise<unknown> = Promise.resolve();
  const prune = () => {
    pruning = pruneFinished(database.db, config.TALLY_RETENTION_DAYS).then(
      (n) => (n.outbox || n.deliveries) && app.log.info(n, `deleted finished jobs and deliveries older than ${config.TALLY_RETENTION_DAYS} days`),
      (err) => app.log.error({ err }, 'pruning finished jobs and deliveries failed (tried again within the hour)'),
    );
  };
  const pruner = config.TALLY_RETENTION_DAYS > 0 ? setInterval(prune, PRUNE_EVERY_MS).unref() : undefined;
  if (pruner) prune();
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : config.PORT;
  const url = config.TALLY_PUBLIC_URL ?? `http://${config.HOST === '0.0.0.0' ? 'localhost' : config.HOST}:${port}`;
  const where = config.DATABASE_URL ? 'PostgreSQL (DATABASE_URL)' : `embedded PGlite in ${resolve(config.TALLY_DATA)}`;
  console.log(`\nTally is running at ${url}  (database: ${where})`);
  console.log(`API docs: ${url}/api/docs`);
  if (seeded) {
    console.log(`Demo data created. Log in as ${DEMO_LOGIN.email} / ${DEMO_LOGIN.password} (owner)`);
    console.log(`                 or ${DEMO_ANNOTATOR.email} / ${DEMO_ANNOTATOR.password} (annotator)`);
    console.log(`Owner API token (shown once): ${seeded.token}\n`);
  } else if (opts.demo) {
    console.log(`Log in as ${DEMO_LOGIN.email} / ${DEMO_LOGIN.password} if you kept the demo data.\n`);
  }
  return {
    app,
    database,
    url,
    async close() {
      clearInterval(pruner);
      await Promise.all([worker.stop(), ...senders.map((s) => s.stop()), pruning]);
      await inference.close();
      await app.close();
      await database.close();
    },
  };
}
