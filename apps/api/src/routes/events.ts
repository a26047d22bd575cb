/**
 * POST /events/ticket — a single-use ticket for browsers (see plugins/app/fleet/event-tickets.ts).
 * GET /events — server-sent events: `prediction`, `status`, `model`, `training`. Every replica's
 * events arrive here through the cache's pub/sub. A comment line every HEARTBEAT_MS keeps proxies from
 * closing an idle stream; streams end when the server shuts down (clients reconnect elsewhere).
 */
import type { ServerResponse } from 'node:http';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { FleetEvent, FleetEventType } from '../plugins/app/fleet/fleet-events.js';
import { EventsQuery, EventTicket } from '../schemas/events.js';
import { errorResponses, SECURED } from '../schemas/responses.js';

const HEARTBEAT_MS = 15_000;
const TYPES: FleetEventType[] = ['prediction', 'status', 'model', 'training'];

const eventRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const streams = new Set<ServerResponse>();
  app.addHook('preClose', async () => {
    for (const res of streams) res.end();
    streams.clear();
  });

  app.post(
    '/events/ticket',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['events'],
        summary: 'A single-use ticket to open GET /events without a key header',
        description:
          'For browsers, whose EventSource cannot send an API key header. The ticket carries the scope ' +
          'of the key that asked for it, works once on any replica, and expires after ' +
          'EVENT_TICKET_TTL_SECONDS (60 by default). Open the stream with GET /events?ticket=<ticket>; ' +
          'ask for a new ticket for each (re)connection.',
        security: SECURED,
        response: { 200: EventTicket, ...errorResponses(401, 403, 429, 503) },
      },
    },
    async (request) => {
      const holder = request.apiKey ?? { name: 'anonymous', scope: 'read' as const }; // auth disabled
      const issued = await app.eventTickets.issue(holder);
      request.log.info({ key: holder.name, expiresAt: issued.expiresAt }, 'event-stream ticket issued');
      return issued;
    },
  );

  app.get(
    '/events',
    {
      config: { scope: 'read', rateLimit: false, ticket: true },
      schema: {
        tags: ['events'],
        summary: 'Server-sent events: prediction, status, model, training',
        description:
          'text/event-stream. Each event has `event: <type>` and `data: <json>` ({ type, data, at }). ' +
          'Optional ?types=prediction,status filters. Comment lines are heartbeats. Authenticate with ' +
          'an API key header, or with ?ticket= from POST /events/ticket (single use: a reconnecting ' +
          'client asks for a new one; a used or expired ticket is answered 401).',
        security: [...SECURED, { eventTicket: [] }],
        querystring: EventsQuery,
        response: {
          200: {
            description: 'An endless text/event-stream',
            content: { 'text/event-stream': { schema: Type.String() } },
          },
          ...errorResponses(400, 401, 403, 429, 503),
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
};

export default eventRoutes;
