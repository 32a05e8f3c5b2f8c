import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { DB_KIND } from '../test/harness.ts';
import { openApiDocument, renderTypes, TYPES_FILE } from './generate.ts';

// The document does not depend on the engine (the generator always builds the app over an
// in-memory PGlite), so this runs once, in the pglite project.
describe.skipIf(DB_KIND !== 'pglite')('sdk/openapi.ts', () => {
  it('matches what the routes generate now (else: run npm run sdk:generate and commit sdk/openapi.ts)', async () => {
    const fresh = await renderTypes(await openApiDocument());
    const committed = await readFile(TYPES_FILE, 'utf8').catch(() => '');
    if (committed !== fresh) {
      const a = committed.split('\n');
      const b = fresh.split('\n');
      let i = 0;
      while (i < a.length && a[i] === b[i]) i++;
      expect.fail(
        `sdk/openapi.ts is stale: a route's schema changed since it was generated. Run \`npm run sdk:generate\` and commit sdk/openapi.ts.\n` +
          `First difference at line ${i + 1}:\n  committed: ${a[i] ?? '(end of file)'}\n  generated: ${b[i] ?? '(end of file)'}`,
      );
    }
    // Sanity: the document really describes answers, not only requests.
    expect(fresh).toContain('"/api/v1/projects/{id}/claims"');
    expect(fresh).toMatch(/leaseUntil: string;/);
  });
});
