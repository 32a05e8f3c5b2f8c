/**
 * The error catalog. Every error the API returns has an HTTP status, a stable
 * machine-readable `code` and a message that says what to fix. Clients branch
 * on `code`, never on `message`.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly context: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'AppError';
  }

  toBody() {
    return { error: { code: this.code, message: this.message, ...this.context } };
  }
}

export const errors = {
  badRequest: (code: string, message: string, context?: Record<string, unknown>) => new AppError(400, code, message, context),
  unauthorized: (message = 'Send a valid API token as "Authorization: Bearer <token>" or log in.') =>
    new AppError(401, 'unauthorized', message),
  forbidden: (action: string, role: string) =>
    new AppError(403, 'forbidden', `Your role (${role}) may not ${action}. Ask an admin of this org for a higher role.`),
  notFound: (what: string, id?: unknown) =>
    new AppError(404, 'not_found', id === undefined ? `${what} not found.` : `${what} ${String(id)} not found.`),
  conflict: (code: string, message: string, context?: Record<string, unknown>) => new AppError(409, code, message, context),
  unprocessable: (code: string, message: string, context?: Record<string, unknown>) => new AppError(422, code, message, context),
  tooLarge: (limit: number) =>
    new AppError(413, 'body_too_large', `The request body is larger than ${limit} bytes. Split it, or send NDJSON (Content-Type: application/x-ndjson), which streams.`, { limit }),
  unavailable: (message = 'The database is unreachable; retry shortly.') => new AppError(503, 'database_unavailable', message),
};

/** SQLSTATE classes that mean "the database is not there right now". */
const UNAVAILABLE_SQLSTATE = /^(08|57P0[1-3]|53300)/;
const UNAVAILABLE_NODE = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH']);

/** Maps a thrown value from the driver to an AppError by SQLSTATE/errno, never by message text. */
export function fromDatabaseError(err: unknown): AppError | undefined {
  const e = err as { code?: unknown; message?: string };
  const code = typeof e?.code === 'string' ? e.code : undefined;
  if (code && (UNAVAILABLE_SQLSTATE.test(code) || UNAVAILABLE_NODE.has(code))) return errors.unavailable();
  // node-postgres's own errors carry no code: a connection that died mid-query, one that died between two
  // statements (its next query), and a pool that could not connect in time.
  if (
    e?.message === 'Connection terminated unexpectedly' ||
    e?.message === 'Client has encountered a connection error and is not queryable' ||
    e?.message?.startsWith('timeout exceeded when trying to connect')
  )
    return errors.unavailable();
  switch (code) {
    case '23505':
      return errors.conflict('already_exists', 'A record with the same unique key already exists.');
    case '23503':
      return errors.unprocessable('invalid_reference', 'The request refers to a record that does not exist.');
    case '22P02':
    case '22003':
      return errors.badRequest('invalid_value', 'A value in the request has the wrong type or is out of range.');
    case '54000':
    case '54001':
      return errors.unprocessable('value_too_large', 'A value in the request is too large for the database.');
    default:
      return undefined;
  }
}

/** Serialization failures and deadlocks are safe to retry as a whole transaction. */
export function isRetryable(err: unknown): boolean {
  const code = (err as { code?: unknown })?.code;
  return code === '40001' || code === '40P01';
}
