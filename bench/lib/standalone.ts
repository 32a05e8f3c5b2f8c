import { pathToFileURL } from 'node:url';
import { parseOptions, sizeLabel, type BenchOptions } from './options.ts';
import { printTable, writeResult, type BenchResult } from './report.ts';

/** Lets a bench module run by itself: `npx tsx bench/claims.ts --quick`. */
export function runStandalone(moduleUrl: string, run: (o: BenchOptions) => Promise<BenchResult>): void {
  if (!process.argv[1] || moduleUrl !== pathToFileURL(process.argv[1]).href) return;
  const { opts } = parseOptions();
  console.log(`size: ${sizeLabel(opts)}`);
  run(opts)
    .then(async (r) => {
      printTable(r);
      console.log(`\nwrote ${await writeResult(r, opts)}`);
      process.exit(0);
    })
    .catch((e: unknown) => {
      console.error(e);
      process.exit(1);
    });
}
