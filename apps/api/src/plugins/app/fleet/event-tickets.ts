/**
 * Single-use tickets for GET /events. A browser's EventSource cannot send an API key header, so an
 * authenticated client asks for a ticket (POST /events/ticket) and puts it in the stream's URL. A
 * ticket is 256 random bits, lives EVENT_TICKET_TTL_SECONDS, carries the name and scope of the key
 * that asked for it, and is taken from the cache atomically on use, so it works once, on any replica
 * (Redis) or in this process (in-process cache). Only its SHA-256 is stored: a cache dump holds no
 * usable ticket. Tickets never reach the logs (see logging/request-serializer.ts).
 */
import { createHash, randomBytes } from 'node:crypto';
import { CacheUnavailableError } from '@rul/cache';
import fp from 'fastify-plugin';
import type { Scope } from '../../../config/api-keys.js';
import type { Config } from '../../../config/schema.js';
import { unavailable } from '../../../errors/app-error.js';
import { isTicketShaped } from '../../../schemas/events.js';

export interface TicketHolder {
  name: string;
  scope: Scope;
}

export interface IssuedTicket {
  ticket: string;
  expiresAt: string;
  expiresInSeconds: number;
}

export interface EventTickets {
  issue(holder: TicketHolder): Promise<IssuedTicket>;
  /** The holder, once: undefined for an unknown, expired or already used ticket. */
  redeem(ticket: string): Promise<TicketHolder | undefined>;
}

declare module 'fastify' {
  interface FastifyInstance {
    eventTickets: EventTickets;
  }
}

const cacheKey = (ticket: string) => `events-ticket:${createHash('sha256').update(ticket).digest('hex')}`;

// Redis away: say so (503, retry) rather than hand out a ticket that cannot work, or call a good one bad.
function cacheDown(err: unknown, doing: string): never {
  if (err instanceof CacheUnavailableError) {
    throw unavailable(
      'CACHE_UNAVAILABLE',
      `cannot ${doing} while the cache is unreachable; retry shortly, or send the API key in a header`,
      1,
    );
  }
  throw err;
}

export default fp<{ config: Config }>(
  async (app, { config }) => {
    const ttl = config.EVENT_TICKET_TTL_SECONDS;
    const tickets: EventTickets = {
      async issue(holder) {
        const ticket = randomBytes(32).toString('base64url');
        await app.cache
          .set(cacheKey(ticket), { name: holder.name, scope: holder.scope }, ttl)
          .catch((err: unknown) => cacheDown(err, 'issue a ticket'));
        return { ticket, expiresAt: new Date(Date.now() + ttl * 1000).toISOString(), expiresInSeconds: ttl };
      },
      async redeem(ticket) {
        if (!isTicketShaped(ticket)) return undefined;
        return app.cache
          .take<TicketHolder>(cacheKey(ticket))
          .catch((err: unknown) => cacheDown(err, 'check the ticket'));
      },
    };
    app.decorate('eventTickets', tickets);
  },
  { name: 'event-tickets', dependencies: ['cache'], fastify: '5.x' },
);
