/**
 * API-key authentication. Keys arrive as `Authorization: Bearer <key>` or `X-API-Key: <key>`, are
 * hashed with SHA-256 and looked up among the configured hashes (config never holds raw keys).
 * Routes declare `config.scope`: 'public', 'read' or 'admin' (admin also satisfies read). Routes
 * that declare nothing (docs UI assets, dashboard files) are public; every API route declares a scope.
 */
import type { FastifyReply } from 'fastify';
import fp from 'fastify-plugin';
import { hashKey, parseApiKeys, type ApiKeyEntry, type Scope } from '../../config/api-keys.js';
import { authRequired } from '../../config/listen-address.js';
import type { Config } from '../../config/schema.js';
import { AppError } from '../../errors/app-error.js';
import { isTicketShaped } from '../../schemas/events.js';

export type RouteScope = Scope | 'public';

declare module 'fastify' {
  interface FastifyContextConfig {
    scope?: RouteScope;
    /** Also accept a single-use `?ticket=` (POST /events/ticket) in place of a key header. */
    ticket?: boolean;
  }
  interface FastifyRequest {
    apiKey?: { name: string; scope: Scope };
  }
  interface FastifyInstance {
    authEnabled: boolean;
  }
}

/** Decides whether auth is on; throws when production would otherwise run open by accident. */
export function resolveAuth(config: Config): { enabled: boolean; keys: ApiKeyEntry[] } {
  const keys = parseApiKeys(config.API_KEYS);
  const enabled = authRequired(config);
  if (enabled && keys.length === 0) {
    throw new Error(
      'authentication is on (NODE_ENV=production or AUTH_MODE=required) but API_KEYS/API_KEYS_FILE is empty; ' +
        'add keys (pnpm --filter @rul/api keygen) or set AUTH_MODE=disabled explicitly',
    );
  }
  return { enabled, keys };
}

/** The presented key, from either header style. */
export function presentedKey(headers: Record<string, string | string[] | undefined>): string | undefined {
  const auth = headers['authorization'];
  if (typeof auth === 'string') {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(auth);
    if (m) return m[1];
  }
  const key = headers['x-api-key'];
  return typeof key === 'string' && key.length > 0 ? key.trim() : undefined;
}

export default fp<{ config: Config }>(
  async (app, { config }) => {
    const { enabled, keys } = resolveAuth(config);
    app.decorate('authEnabled', enabled);
    if (!enabled) {
      app.log.warn(
        'AUTHENTICATION IS DISABLED: every route is open. Fine for local development only; ' +
          'set API_KEYS (and NODE_ENV=production) before exposing this service.',
      );
      return;
    }
    const byHash = new Map(keys.map((k) => [k.hash, k]));
    app.addHook('onRequest', async (request, reply) => {
      const scope = request.routeOptions.config.scope ?? 'public';
      if (scope === 'public') return;
      const key = presentedKey(request.headers);
      const ticket = (request.query as Record<string, unknown> | undefined)?.['ticket'];
      if (!key && request.routeOptions.config.ticket && ticket !== undefined) {
        request.apiKey = await redeemTicket(ticket, reply);
        requireScope(scope, request.apiKey, 'ticket of key');
        return;
      }
      if (!key) {
        void reply.header('www-authenticate', 'Bearer');
        throw new AppError(
          401,
          'UNAUTHORIZED',
          request.routeOptions.config.ticket
            ? 'missing API key: send Authorization: Bearer <key> or X-API-Key, or ?ticket= from POST /events/ticket'
            : 'missing API key: send Authorization: Bearer <key> or X-API-Key',
        );
      }
      const entry = key.length <= 512 ? byHash.get(hashKey(key)) : undefined;
      if (!entry) {
        void reply.header('www-authenticate', 'Bearer error="invalid_token"');
        throw new AppError(401, 'UNAUTHORIZED', 'invalid API key');
      }
      request.apiKey = { name: entry.name, scope: entry.scope };
      requireScope(scope, request.apiKey, 'key');
    });

    const redeemTicket = async (ticket: unknown, reply: FastifyReply): Promise<ApiKeyIdentity> => {
      if (!isTicketShaped(ticket)) {
        throw new AppError(
          400,
          'VALIDATION_ERROR',
          'querystring.ticket must be the 43-character ticket returned by POST /events/ticket',
          [{ path: 'querystring.ticket', message: 'not a ticket' }],
        );
      }
      const holder = app.hasDecorator('eventTickets') ? await app.eventTickets.redeem(ticket) : undefined;
      if (!holder) {
        void reply.header('www-authenticate', 'Bearer error="invalid_token"');
        throw new AppError(
          401,
          'UNAUTHORIZED',
          'ticket is unknown, expired or already used: request a new one with POST /events/ticket',
        );
      }
      return holder;
    };
  },
  { name: 'auth', fastify: '5.x' },
);

type ApiKeyIdentity = { name: string; scope: Scope };

function requireScope(needed: RouteScope, holder: ApiKeyIdentity, what: string): void {
  if (needed === 'admin' && holder.scope !== 'admin') {
    throw new AppError(
      403,
      'FORBIDDEN',
      `this route needs the admin scope; ${what} "${holder.name}" has ${holder.scope}`,
    );
  }
}
