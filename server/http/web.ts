import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { errors } from '../errors.ts';

const DIST = fileURLToPath(new URL('../../web/dist/', import.meta.url));

/**
 * Serves the built web app (web/dist). Unknown GETs for HTML fall back to
 * index.html (client-side routes); everything else is a JSON 404.
 */
export async function serveWeb(app: FastifyInstance): Promise<void> {
  const built = existsSync(DIST);
  if (built) await app.register(fastifyStatic, { root: DIST, wildcard: false, index: 'index.html' });
  app.setNotFoundHandler((req, reply) => {
    const wantsPage = req.method === 'GET' && !req.url.startsWith('/api/') && req.headers.accept?.includes('text/html');
    if (wantsPage && built) return reply.sendFile('index.html');
    if (wantsPage) {
      return reply
        .type('text/html')
        .send('<!doctype html><title>Tally</title><p>The web app is not built: run <code>npm run build:web</code>. API docs: <a href="/api/docs">/api/docs</a>.</p>');
    }
    return reply.status(404).send(errors.notFound(`Route ${req.method} ${req.url.split('?')[0]}`).toBody());
  });
}
