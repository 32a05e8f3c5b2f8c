import { z } from 'zod';

/** Every setting Tally reads from the environment, validated once at start. */
const ConfigSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  TALLY_DATA: z.string().default('./tally-data'),
  TALLY_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  TALLY_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TALLY_PUBLIC_URL: z.string().url().optional(),
  /** Largest JSON body (bytes). NDJSON imports stream and are limited by TALLY_MAX_IMPORT_BYTES. */
  TALLY_MAX_JSON_BYTES: z.coerce.number().int().min(1024).default(32 * 1024 * 1024),
  TALLY_MAX_IMPORT_BYTES: z.coerce.number().int().min(1024).default(4 * 1024 * 1024 * 1024),
  /** Days finished webhook deliveries and done outbox jobs are kept (outbox/retention.ts); 0 keeps them for ever. */
  TALLY_RETENTION_DAYS: z.coerce.number().int().min(0).default(30),
  NODE_ENV: z.string().default('development'),
});

export type Config = z.infer<typeof ConfigSchema>;

/** Reads and validates the environment, listing every problem at once. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = ConfigSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}
