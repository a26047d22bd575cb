/**
 * GET /events — server-sent events: `prediction`, `status`, `model`, `training`. Every replica's
 * events arrive here through the cache's pub/sub. A comment line every HEARTBEAT_MS keeps proxies from
 * closing an idle stream; streams end when the server shuts down (clients reconnect elsewhere).
 */
import type { ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { FleetEvent, FleetEventType } from '../plugins/app/fleet-events.js';
import { errorResponses, SECURED } from '../schemas/responses.js';

const HEARTBEAT_MS = 15_000;
const TYPES: FleetEventType[] = ['prediction', 'status', 'model', 'training'];

export default async function eventRoutes(app: FastifyInstance) {
  const streams = new Set<ServerResponse>();
  app.addHook('preClose', async () => {
    for (const res of streams) res.end();
    streams.clear();
  });

  app.get<{ Querystring: { types?: string } }>(
    '/events',
    {
      config: { scope: 'read', rateLimit: false },
      schema: {
        tags: ['events'],
        summary: 'Server-sent events: prediction, status, model, training',
        description:
          'text/event-stream. Each event has `event: <type>` and `data: <json>` ({ type, data, at }). ' +
          'Optional ?types=prediction,status filters. Comment lines are heartbeats.',
        security: SECURED,
        querystring: Type.Object({
          types: Type.Optional(
            Type.String({
              pattern: '^(prediction|status|model|training)(,(prediction|status|model|training))*$',
            }),
          ),
        }),
        response: {
          200: {
            description: 'An endless text/event-stream',
            content: { 'text/event-stream': { schema: Type.String() } },
          },
          ...errorResponses(400, 401, 403, 429),
        },
      },
    },
    async (request, reply) => {
      const wanted = new Set(request.query.types ? request.query.types.split(',') : TYPES);
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
        'x-request-id': request.id,
      });
      res.write('retry: 3000\n: connected\n\n');
      streams.add(res);
      const stop = app.fleetEvents.listen((event: FleetEvent) => {
        if (!wanted.has(event.type)) return;
        res.write(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
      });
      const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), HEARTBEAT_MS);
      const cleanup = () => {
        clearInterval(heartbeat);
        stop();
        streams.delete(res);
      };
      res.on('close', cleanup);
    },
  );
}
