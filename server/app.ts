import Fastify, { type FastifyInstance, type FastifyBaseLogger } from 'fastify';
import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import {
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Config } from './config.ts';
import type { Database } from './db/database.ts';
import { Authenticator, type AuthContext } from './http/auth-hook.ts';
import { errorHandler } from './http/error-handler.ts';
import { registerRoutes } from './routes/index.ts';
import { serveWeb } from './http/web.ts';
import { withDbPriority, type DbPriority } from './db/priority.ts';
import { prioritizeRouteHandlers } from './http/db-priority.ts';
import { openApiTransform } from './http/openapi.ts';
import { responseSerializer } from './http/serializer.ts';

declare module 'fastify' {
  interface FastifyRequest {
    auth: AuthContext;
  }
  interface FastifyContextConfig {
    /** Routes reachable without a token (bootstrap, login, health, docs). */
    public?: boolean;
    /** Queue this route's database work (its auth lookup included) ahead of others' when connections are busy; see db/priority.ts. */
    dbPriority?: DbPriority;
  }
}

export interface AppDeps {
  config: Config;
  database: Database;
  logger?: FastifyBaseLogger | boolean | object;
}

export type TallyApp = FastifyInstance & { tally: AppDeps & { auth: Authenticator } };

/** Builds the HTTP app: API v1, OpenAPI docs and the web app, over one database. */
export async function buildApp(deps: AppDeps): Promise<TallyApp> {
  const app = Fastify({
    logger: deps.logger ?? false,
    bodyLimit: deps.config.TALLY_MAX_JSON_BYTES,
    ajv: { customOptions: { coerceTypes: false } },
  }) as unknown as TallyApp;
  const authenticator = new Authenticator(deps.database.db);
  app.decorate('tally', { ...deps, auth: authenticator });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(responseSerializer(deps.config.NODE_ENV === 'test'));
  app.setErrorHandler(errorHandler(deps.config.TALLY_MAX_JSON_BYTES));

  await app.register(cookie);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Tally API', version: '1.0.0', description: 'Tally public API v1. Authenticate with `Authorization: Bearer <token>`.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
    transform: openApiTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  app.decorateRequest('auth', null as unknown as AuthContext);
  app.addHook('onRequest', async (req) => {
    if (!req.url.startsWith('/api/v1/') || req.routeOptions.config?.public) return;
    if (!req.routeOptions.url) return; // unknown route: let the 404 handler answer
    req.auth = await withDbPriority(req.routeOptions.config.dbPriority ?? 'normal', () => authenticator.authenticate(req));
  });
  prioritizeRouteHandlers(app);

  app.get('/api/v1/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => app.swagger());
  app.get('/healthz', { config: { public: true }, schema: { hide: true } }, async () => ({ ok: true }));

  await app.register(async (api) => registerRoutes(api as TallyApp), { prefix: '/api/v1' });
  await serveWeb(app);
  return app;
}
