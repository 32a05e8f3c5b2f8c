import { createWriteStream } from 'node:fs';
import { resolve } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Command } from 'commander';
import { loadConfig } from '../server/config.ts';
import { startServer } from '../server/server.ts';
import { openDatabase } from '../server/db/database.ts';
import { bootstrapOrg } from '../server/commands/bootstrap-org.ts';
import { call, CliError, remoteFrom } from './api-client.ts';
import { importFile, importPredictionsFile } from './import-file.ts';

const program = new Command('tally').description('Tally: data labeling with measurable quality').showHelpAfterError();
const remoteOpts = (c: Command) =>
  c.option('--url <url>', 'Tally server URL (env TALLY_URL)', undefined).option('--token <token>', 'API token (env TALLY_TOKEN)');

program
  .command('serve')
  .description('Start the API and web app (embedded PGlite in TALLY_DATA unless DATABASE_URL is set)')
  .option('--demo', 'seed a demo org and projects when the database is empty')
  .option('-p, --port <port>', 'port (env PORT, default 3000)')
  .option('--data <dir>', 'embedded data folder (env TALLY_DATA, default ./tally-data)')
  .action(async (o: { demo?: boolean; port?: string; data?: string }) => {
    const config = loadConfig({ ...process.env, ...(o.port ? { PORT: o.port } : {}), ...(o.data ? { TALLY_DATA: o.data } : {}) });
    const server = await startServer(config, { demo: o.demo });
    const stop = async () => {
      await server.close();
      process.exit(0);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });

program
  .command('init')
  .description('Create the first org, owner and API token on an empty database (refuses afterwards)')
  .requiredOption('--org <name>')
  .requiredOption('--email <email>')
  .requiredOption('--password <password>')
  .option('--name <name>')
  .action(async (o: { org: string; email: string; password: string; name?: string }) => {
    const config = loadConfig();
    const database = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATABASE_URL ? undefined : resolve(config.TALLY_DATA) });
    try {
      const r = await bootstrapOrg(database.db, o);
      console.log(`Created org ${r.orgId} and owner ${r.userId}.`);
      console.log(`API token (shown once; keep it secret):\n${r.token}\n\nexport TALLY_TOKEN=${r.token}`);
    } finally {
      await database.close();
    }
  });

remoteOpts(
  program
    .command('import <file>')
    .description('Import tasks from .jsonl/.ndjson/.csv (streamed) or .json; all or nothing')
    .requiredOption('--project <id>', 'project id')
    .option('--batch <name>', 'put the tasks in a named batch')
    .option('--quiet', 'no progress bar'),
).action(async (file: string, o: { project: string; batch?: string; quiet?: boolean; url?: string; token?: string }) => {
  const r = await importFile(remoteFrom(o), file, Number(o.project), o);
  console.log(`Imported ${r.created} tasks (${r.duplicates} duplicates skipped) from ${r.total} rows.`);
});

const predictions = program.command('predictions').description("Model predictions (pre-annotations) for a project's existing tasks");
remoteOpts(
  predictions
    .command('import <file>')
    .description("Add predictions from .jsonl/.ndjson (streamed) or .json; each replaces that model's earlier one for its task; all or nothing")
    .requiredOption('--project <id>', 'project id')
    .option('--quiet', 'no progress bar'),
).action(async (file: string, o: { project: string; quiet?: boolean; url?: string; token?: string }) => {
  const r = await importPredictionsFile(remoteFrom(o), file, Number(o.project), o);
  console.log(`Added ${r.created} predictions and replaced ${r.replaced}.`);
});
remoteOpts(predictions.command('delete').description("Remove one model's predictions from every task of the project").requiredOption('--project <id>', 'project id').requiredOption('--model <name>')).action(
  async (o: { project: string; model: string; url?: string; token?: string }) => {
    const res = await call(remoteFrom(o), 'DELETE', `/api/v1/projects/${Number(o.project)}/predictions?model=${encodeURIComponent(o.model)}`);
    console.log(`Deleted ${((await res.json()) as { deleted: number }).deleted} predictions of ${o.model}.`);
  },
);

remoteOpts(
  program
    .command('export')
    .description('Stream results to a file or stdout')
    .requiredOption('--project <id>', 'project id')
    .option('--format <format>', 'jsonl, csv, dpo (preference pairs), sft (chat demonstrations), conll (BIO entities), coco (JSON) or yolo (zip)', 'jsonl')
    .option('--gold', 'include gold tasks')
    .option('--fields <names>', 'dpo, sft, conll, coco, yolo: only these fields, comma-separated')
    .option('--units <units>', 'coco, yolo: pixels (default) or fractions, how the project writes coordinates')
    .option('--image-size <WxH>', 'coco, yolo: size of every image whose task data has no width/height, e.g. 1920x1080')
    .option('-o, --out <file>', 'output file (default stdout)'),
).action(async (o: { project: string; format: string; gold?: boolean; fields?: string; units?: string; imageSize?: string; out?: string; url?: string; token?: string }) => {
  const qs = new URLSearchParams({
    format: o.format,
    ...(o.gold ? { gold: 'true' } : {}),
    ...(o.fields ? { fields: o.fields } : {}),
    ...(o.units ? { units: o.units } : {}),
    ...(o.imageSize ? { imageSize: o.imageSize } : {}),
  });
  if (o.format === 'yolo' && !o.out && process.stdout.isTTY) throw new CliError('The yolo export is a zip: write it to a file with -o FILE (or redirect stdout).');
  const res = await call(remoteFrom(o), 'GET', `/api/v1/projects/${Number(o.project)}/results?${qs}`);
  const out: Writable = o.out ? createWriteStream(o.out) : process.stdout;
  await pipeline(Readable.fromWeb(res.body as never), out);
});

const users = program.command('users').description('Members of your org');
remoteOpts(
  users
    .command('add')
    .requiredOption('--email <email>')
    .requiredOption('--role <role>', 'owner, admin, manager, reviewer or annotator')
    .option('--name <name>')
    .option('--password <password>', 'lets the user log in to the web app'),
).action(async (o: { email: string; role: string; name?: string; password?: string; url?: string; token?: string }) => {
  const res = await call(remoteFrom(o), 'POST', '/api/v1/members', { json: { email: o.email, role: o.role, name: o.name, password: o.password } });
  console.log(JSON.stringify(await res.json(), null, 2));
});
remoteOpts(users.command('list')).action(async (o: { url?: string; token?: string }) => {
  const res = await call(remoteFrom(o), 'GET', '/api/v1/members');
  for (const m of ((await res.json()) as { items: Array<{ id: number; email: string; role: string }> }).items) console.log(`${m.id}\t${m.role}\t${m.email}`);
});

const keys = program.command('keys').description('API tokens');
remoteOpts(keys.command('create').requiredOption('--user <id>', 'member user id').option('--name <name>')).action(
  async (o: { user: string; name?: string; url?: string; token?: string }) => {
    const res = await call(remoteFrom(o), 'POST', `/api/v1/members/${Number(o.user)}/tokens`, { json: { name: o.name } });
    console.log(((await res.json()) as { token: string }).token);
  },
);

program.parseAsync().catch((e: unknown) => {
  if (e instanceof CliError) console.error(`tally: ${e.message}`);
  else console.error(e);
  process.exit(1);
});
