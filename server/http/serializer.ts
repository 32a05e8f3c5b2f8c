import { isDeepStrictEqual } from 'node:util';
import { serializerCompiler } from 'fastify-type-provider-zod';

type Compiler = typeof serializerCompiler;

/**
 * The answers' serializer: fastify-type-provider-zod's, which encodes each
 * answer through its route's response schema (server/routes/responses.ts) and
 * so drops any key the schema does not name. In tests (`strict`) an answer that
 * would lose or change anything fails instead, naming the first difference, so
 * a field added to a presenter but not to its schema cannot vanish unnoticed.
 */
export function responseSerializer(strict: boolean): Compiler {
  if (!strict) return serializerCompiler;
  return (route) => {
    const encode = serializerCompiler(route);
    return (data) => {
      const out = encode(data);
      const plain = JSON.stringify(data);
      if (out !== plain && !isDeepStrictEqual(JSON.parse(out), JSON.parse(plain))) {
        const message = `${route.method} ${route.url} (${route.httpStatus}): the response schema in server/routes/responses.ts does not match the answer, whose encoding would change it: ${difference(JSON.parse(plain), JSON.parse(out))}`;
        console.error(message);
        throw new Error(message);
      }
      return out;
    };
  };
}

/** Where two JSON values first differ, as a path and both values. */
function difference(answered: unknown, encoded: unknown, path = '$'): string {
  if (answered && encoded && typeof answered === 'object' && typeof encoded === 'object') {
    const a = answered as Record<string, unknown>;
    const b = encoded as Record<string, unknown>;
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
      if (!isDeepStrictEqual(a[k], b[k])) return difference(a[k], b[k], `${path}.${k}`);
    }
  }
  const show = (v: unknown) => (v === undefined ? '(missing)' : JSON.stringify(v).slice(0, 120));
  return `${path} answered ${show(answered)}, encoded ${show(encoded)}`;
}
