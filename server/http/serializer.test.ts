import Fastify from 'fastify';
import { z } from 'zod';
import { validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { describe, expect, it, vi } from 'vitest';
import { responseSerializer } from './serializer.ts';

async function appAnswering(strict: boolean, answer: unknown) {
  const app = Fastify();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(responseSerializer(strict));
  const Out = z.object({ id: z.number(), at: z.date() });
  app.withTypeProvider<ZodTypeProvider>().get('/thing', { schema: { response: { 200: Out } } }, async () => answer as z.infer<typeof Out>);
  await app.ready();
  return app;
}

describe('responseSerializer', () => {
  const at = new Date('2026-01-02T03:04:05.000Z');

  it('encodes answers that match their schema, dates as ISO strings, in both modes', async () => {
    for (const strict of [true, false]) {
      const app = await appAnswering(strict, { id: 1, at });
      const res = await app.inject('/thing');
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ id: 1, at: '2026-01-02T03:04:05.000Z' });
      await app.close();
    }
  });

  it('in production drops a key the schema lacks; in tests fails, naming it', async () => {
    const lax = await appAnswering(false, { id: 1, at, secretField: 'x' });
    expect((await lax.inject('/thing')).json()).toEqual({ id: 1, at: '2026-01-02T03:04:05.000Z' });
    await lax.close();

    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const strict = await appAnswering(true, { id: 1, at, secretField: 'x' });
    const res = await strict.inject('/thing');
    expect(res.statusCode).toBe(500);
    expect(errors).toHaveBeenCalledWith(expect.stringMatching(/GET \/thing \(200\).*\$\.secretField answered "x", encoded \(missing\)/));
    errors.mockRestore();
    await strict.close();
  });
});
