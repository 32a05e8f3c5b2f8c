import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, errors, fromDatabaseError } from '../errors.ts';

/** Fastify's own error codes, mapped to our stable codes. */
const FASTIFY_CODES: Record<string, (e: FastifyError) => AppError> = {
  FST_ERR_CTP_INVALID_JSON_BODY: (e) => errors.badRequest('malformed_json', `The body is not valid JSON: ${e.message}`),
  FST_ERR_CTP_EMPTY_JSON_BODY: () => errors.badRequest('malformed_json', 'The body is empty; send a JSON value.'),
  FST_ERR_CTP_BODY_TOO_LARGE: () => errors.tooLarge(0),
  FST_ERR_CTP_INVALID_MEDIA_TYPE: (e) =>
    new AppError(415, 'unsupported_media_type', `${e.message}. Send application/json (or application/x-ndjson for task imports).`),
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: () => errors.badRequest('invalid_content_length', 'Content-Length does not match the body.'),
};

/** The one error hook: every failure leaves as `{error: {code, message, ...}}`. */
export function errorHandler(maxJsonBytes: number) {
  return (err: FastifyError, req: FastifyRequest, reply: FastifyReply) => {
    const appErr = toAppError(err, maxJsonBytes);
    if (appErr.status >= 500) req.log.error({ err }, 'request failed');
    if (appErr.status === 503) reply.header('retry-after', '2');
    return reply.status(appErr.status).send(appErr.toBody());
  };
}

function toAppError(err: FastifyError, maxJsonBytes: number): AppError {
  if (err instanceof AppError) return err;
  if (hasZodFastifySchemaValidationErrors(err)) {
    const issues = err.validation.map((v) => ({
      path: `${err.validationContext ?? 'body'}${v.instancePath.replaceAll('/', '.')}`,
      message: v.message ?? 'invalid',
    }));
    const first = issues[0];
    return errors.badRequest('invalid_request', `${first.path}: ${first.message}`, { issues });
  }
  if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return errors.tooLarge(maxJsonBytes);
  const mapped = err.code && FASTIFY_CODES[err.code];
  if (mapped) return mapped(err);
  const db = fromDatabaseError(err);
  if (db) return db;
  if (err.statusCode && err.statusCode < 500) {
    return new AppError(err.statusCode, (err.code ?? 'bad_request').toLowerCase(), err.message);
  }
  return new AppError(500, 'internal', 'Something went wrong on our side; it has been logged.');
}
