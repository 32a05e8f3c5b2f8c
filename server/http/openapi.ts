import { z } from 'zod';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import { ErrorBody } from '../routes/ids.ts';

type Transform = typeof jsonSchemaTransform;

// Every error leaves through http/error-handler.ts in this one shape, so the
// document states it once per route here rather than in every route's schema
// (where the zod serializer would also start encoding errors at run time).
const errorResponse = {
  description: 'Error: `{error: {code, message, ...context}}` with a stable code (docs/api.md)',
  ...z.toJSONSchema(ErrorBody, { target: 'draft-2020-12', io: 'output' }),
};
delete (errorResponse as { $schema?: string }).$schema;

/**
 * @fastify/swagger's transform: the zod route schemas as JSON Schema
 * (fastify-type-provider-zod), plus the error shape as the `4XX`/`5XX` answers
 * of every route that declares its responses, so typed clients (sdk/) know it.
 */
export const openApiTransform: Transform = (doc) => {
  const out = jsonSchemaTransform(doc);
  const schema = out.schema as { hide?: boolean; response?: Record<string, unknown> } | undefined;
  if (schema && !schema.hide && schema.response) schema.response = { ...schema.response, '4XX': errorResponse, '5XX': errorResponse };
  return out;
};
