import type { FastifyInstance } from 'fastify';
import { withDbPriority } from '../db/priority.ts';

/**
 * Runs the handler of every route registered from now on whose config names
 * a `dbPriority` inside that priority, so all the database work it awaits
 * queues accordingly (db/priority.ts). The auth hook reads the same config
 * for the lookup it does before the handler.
 */
export function prioritizeRouteHandlers(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    const priority = route.config?.dbPriority;
    if (!priority) return;
    const handler = route.handler;
    route.handler = function (req, reply) {
      return withDbPriority(priority, () => handler.call(this, req, reply));
    };
  });
}
