/**
 * Dev tool (not part of the SDK's runtime): renders `sdk/openapi.ts` from the
 * server's own OpenAPI document, which @fastify/swagger builds from the routes'
 * zod schemas. The app is built in-process over an in-memory PGlite and never
 * listens. `npm run sdk:generate` writes the file; sdk/generate.test.ts fails
 * when the committed file is stale.
 */
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString, COMMENT_HEADER } from 'openapi-typescript';
import { buildApp } from '../server/app.ts';
import { loadConfig } from '../server/config.ts';
import { openDatabase } from '../server/db/database.ts';

export const TYPES_FILE = fileURLToPath(new URL('./openapi.ts', import.meta.url));

/** The OpenAPI 3.1 document the server serves at /api/v1/openapi.json. */
export async function openApiDocument(): Promise<Record<string, unknown>> {
  const database = await openDatabase({});
  try {
    const app = await buildApp({ config: loadConfig({ NODE_ENV: 'test' }), database });
    try {
      await app.ready();
      return structuredClone(app.swagger()) as unknown as Record<string, unknown>;
    } finally {
      await app.close();
    }
  } finally {
    await database.close();
  }
}

/** The TypeScript text of sdk/openapi.ts for a document. */
export async function renderTypes(doc: Record<string, unknown>): Promise<string> {
  const ast = await openapiTS(doc as unknown as Parameters<typeof openapiTS>[0], { alphabetize: false });
  return `${COMMENT_HEADER.trimEnd()}\n// Regenerate with \`npm run sdk:generate\` (sdk/generate.ts) after changing a route's schema.\n\n${astToString(ast)}`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const text = await renderTypes(await openApiDocument());
  await writeFile(TYPES_FILE, text);
  console.log(`wrote ${TYPES_FILE}`);
}
