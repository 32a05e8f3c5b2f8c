import { z } from 'zod';

/** Path ids: positive integers. Anything else is a 404 (see handlers), never a 500. */
export const IdParam = z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });
export const ErrorBody = z.object({
  error: z.object({ code: z.string(), message: z.string() }).catchall(z.unknown()),
});
