import { z } from 'zod';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import { ErrorBody } from '../routes/ids.ts';

declare module 'fastify' {
  interface FastifySchema {
    /**
     * A request body that goes into the OpenAPI document but is never validated
     * by Fastify: for routes that parse their body themselves (a streamed
     * import), one zod schema per content type.
     */
    documentedBody?: { description?: string; content: Record<string, z.ZodType> };
  }
}

type Transform = typeof jsonSchemaTransform;

const toJson = (schema: z.ZodType, io: 'input' | 'output') => {
  const { $schema: _, ...json } = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as Record<string, unknown>;
  return json;
};

// Every error leaves through http/error-handler.ts in this one shape, so the
// document states it once per route here rather than in every route's schema
// (where the zod serializer would also start encoding errors at run time).
const errorResponse = {
  description: 'Error: `{error: {code, message, ...context}}` with a stable code (docs/api.md)',
  ...toJson(ErrorBody, 'output'),
};

/**
 * @fastify/swagger's transform: the zod route schemas as JSON Schema
 * (fastify-type-provider-zod), plus the error shape as the `4XX`/`5XX` answers
 * of every route that declares its responses, so typed clients (sdk/) know it,
 * and each route's `documentedBody`.
 */
export const openApiTransform: Transform = (doc) => {
  const documented = doc.schema?.documentedBody;
  const out = jsonSchemaTransform(documented ? { ...doc, schema: { ...doc.schema, documentedBody: undefined } } : doc);
  const schema = out.schema as { hide?: boolean; body?: unknown; response?: Record<string, unknown> } | undefined;
  if (!schema || schema.hide) return out;
  if (schema.response) schema.response = { ...schema.response, '4XX': errorResponse, '5XX': errorResponse };
  if (documented) {
    schema.body = {
      ...(documented.description ? { description: documented.description } : {}),
      content: Object.fromEntries(Object.entries(documented.content).map(([type, s]) => [type, { schema: toJson(s, 'input') }])),
    };
  }
  return out;
};
