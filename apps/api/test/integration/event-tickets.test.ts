// Real: the app with PostgreSQL + Redis (two replicas) and with PGlite + the in-process cache, HTTP sockets, the app's logs. Faked: nothing.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { expectErrorShape } from '../helpers/error-shape.js';
import { testConfig, TEST_API_KEYS } from '../helpers/test-app.js';
import {
  adminAuth,
  openEventStream,
  PGLITE_MEMORY,
  POSTGRES_REDIS,
  readAuth,
  waitFor,
  type BackendRun,
} from './fleet-backends.js';

const TTL_SECONDS = 2;

/** The real fleet app plus one admin-only stream route that accepts tickets (to test scope binding). */
async function startTicketApp(env: Record<string, string>, logs: string[]): Promise<FastifyInstance> {
  const app = await buildApp(
    testConfig({
      API_KEYS: TEST_API_KEYS,
      MODEL_POLL_INTERVAL_MS: '300',
      RATE_LIMIT_MAX: '0',
      EVENT_TICKET_TTL_SECONDS: String(TTL_SECONDS),
      ...env,
    }),
    { fleet: true, logger: { level: 'trace', stream: { write: (line: string) => void logs.push(line) } } },
  );
  app.get('/admin-stream', { config: { scope: 'admin', ticket: true } }, async () => ({ ok: true }));
  await app.ready();
  await app.modelRegistry.bootstrapped;
  return app;
}

describe.each([POSTGRES_REDIS, PGLITE_MEMORY])('event-stream tickets on $name', (backend) => {
  let run: BackendRun;
  let app: FastifyInstance;
  let base: string;
  const logs: string[] = [];
  const issued: string[] = [];

  beforeAll(async () => {
    run = await backend.create();
    app = await startTicketApp(run.env, logs);
    base = await app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await app?.close();
    await run?.cleanup();
  });

  const issue = async (headers: Record<string, string> = readAuth): Promise<string> => {
    const res = await app.inject({ method: 'POST', url: '/events/ticket', headers });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.ticket).toMatch(/^[A-Za-z0-9_-]{43}$/);
    issued.push(body.ticket);
    return body.ticket;
  };
  const getEvents = (query: string, headers: Record<string, string> = {}) =>
    app.inject({ url: `/events?${query}`, headers });

  it('issues a short-lived random ticket that opens the stream without a key header', async () => {
    const before = Date.now();
    const res = await app.inject({ method: 'POST', url: '/events/ticket', headers: readAuth });
    expect(res.statusCode).toBe(200);
    const { ticket, expiresAt, expiresInSeconds } = res.json();
    issued.push(ticket);
    expect(expiresInSeconds).toBe(TTL_SECONDS);
    expect(Date.parse(expiresAt) - before).toBeGreaterThanOrEqual(TTL_SECONDS * 1000 - 50);
    expect(Date.parse(expiresAt) - before).toBeLessThanOrEqual(TTL_SECONDS * 1000 + 5000);
    expect(await issue()).not.toBe(ticket);

    const stream = await openEventStream(`${base}/events?types=status&ticket=${ticket}`, {});
    try {
      expect(stream.status).toBe(200);
      expect(stream.contentType).toMatch(/text\/event-stream/);
      await app.fleetEvents.publish('status', { engine: 'TICKET-1', to: 'warning' });
      await waitFor(() => stream.text.includes('"engine":"TICKET-1"'), 5000);
    } finally {
      stream.close();
    }
  });

  it('needs a key to get a ticket', async () => {
    const res = await app.inject({ method: 'POST', url: '/events/ticket' });
    expect(res.statusCode).toBe(401);
    expectErrorShape(res.json(), 401);
    expect(res.json().code).toBe('UNAUTHORIZED');
  });

  it('refuses a ticket used twice', async () => {
    const ticket = await issue();
    const first = await openEventStream(`${base}/events?ticket=${ticket}`, {});
    expect(first.status).toBe(200);
    first.close();
    const again = await getEvents(`ticket=${ticket}`);
    expect(again.statusCode).toBe(401);
    expect(again.json()).toMatchObject({
      code: 'UNAUTHORIZED',
      message: 'ticket is unknown, expired or already used: request a new one with POST /events/ticket',
    });
    expect(again.headers['www-authenticate']).toBe('Bearer error="invalid_token"');
  });

  it('lets exactly one of several simultaneous uses through', async () => {
    const ticket = await issue();
    const attempts = await Promise.all(
      Array.from({ length: 4 }, () => openEventStream(`${base}/events?ticket=${ticket}`, {})),
    );
    for (const a of attempts) a.close();
    expect(attempts.map((a) => a.status).sort()).toEqual([200, 401, 401, 401]);
  });

  it('refuses an expired ticket', async () => {
    const ticket = await issue();
    await new Promise((r) => setTimeout(r, TTL_SECONDS * 1000 + 300));
    const res = await getEvents(`ticket=${ticket}`);
    expect(res.statusCode).toBe(401);
    expect(res.json().message).toMatch(/unknown, expired or already used/);
  });

  it('refuses an unknown ticket, and names the field for one that is not a ticket', async () => {
    const unknown = await getEvents(`ticket=${'A'.repeat(43)}`);
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json().message).toMatch(/unknown, expired or already used/);
    for (const bad of ['short', `${'A'.repeat(43)}%21`, `${'A'.repeat(44)}`]) {
      const res = await getEvents(`ticket=${bad}`);
      expect(res.statusCode).toBe(400);
      expectErrorShape(res.json(), 400);
      expect(res.json().code).toBe('VALIDATION_ERROR');
      expect(res.json().message).toBe(
        'querystring.ticket must be the 43-character ticket returned by POST /events/ticket',
      );
    }
    const twice = await getEvents(`ticket=${'A'.repeat(43)}&ticket=${'B'.repeat(43)}`);
    expect(twice.statusCode).toBe(400);
  });

  it('without a key or ticket says how to authenticate', async () => {
    const res = await getEvents('types=model');
    expect(res.statusCode).toBe(401);
    expect(res.json().message).toBe(
      'missing API key: send Authorization: Bearer <key> or X-API-Key, or ?ticket= from POST /events/ticket',
    );
  });

  it('binds the ticket to the scope of the key that asked for it', async () => {
    const readTicket = await issue(readAuth);
    const denied = await app.inject({ url: `/admin-stream?ticket=${readTicket}` });
    expect(denied.statusCode).toBe(403);
    expect(denied.json()).toMatchObject({
      code: 'FORBIDDEN',
      message: 'this route needs the admin scope; ticket of key "reader" has read',
    });
    const adminTicket = await issue(adminAuth);
    const allowed = await app.inject({ url: `/admin-stream?ticket=${adminTicket}` });
    expect(allowed.statusCode).toBe(200);
  });

  it('is accepted only where the route says so, and is not spent there', async () => {
    const ticket = await issue();
    const res = await app.inject({ url: `/engines?ticket=${ticket}` });
    expect(res.statusCode).toBe(401);
    expect(res.json().message).toBe('missing API key: send Authorization: Bearer <key> or X-API-Key');
    const stream = await openEventStream(`${base}/events?ticket=${ticket}`, {});
    expect(stream.status).toBe(200);
    stream.close();
  });

  it('still accepts a key header on GET /events (a ticket beside it is left unspent)', async () => {
    const ticket = await issue();
    const withHeader = await openEventStream(`${base}/events?ticket=${ticket}`, readAuth);
    expect(withHeader.status).toBe(200);
    withHeader.close();
    const stream = await openEventStream(`${base}/events?ticket=${ticket}`, {});
    expect(stream.status).toBe(200);
    stream.close();
  });

  it('never writes a ticket to the logs', async () => {
    await waitFor(() => logs.some((l) => l.includes('ticket=[redacted]')), 2000);
    expect(issued.length).toBeGreaterThan(5);
    for (const ticket of issued) expect(logs.filter((l) => l.includes(ticket))).toEqual([]);
    const issuedLines = logs.filter((l) => l.includes('event-stream ticket issued'));
    expect(issuedLines.length).toBe(issued.length);
  });
});

describe('event-stream tickets across replicas sharing Redis', () => {
  let run: BackendRun;
  let a: FastifyInstance;
  let b: FastifyInstance;
  let baseB: string;

  beforeAll(async () => {
    run = await POSTGRES_REDIS.create();
    a = await startTicketApp(run.env, []);
    b = await startTicketApp(run.env, []);
    baseB = await b.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await run?.cleanup();
  });

  it('accepts a ticket issued by one replica at another, once', async () => {
    const { ticket } = (await a.inject({ method: 'POST', url: '/events/ticket', headers: readAuth })).json();
    const stream = await openEventStream(`${baseB}/events?ticket=${ticket}`, {});
    expect(stream.status).toBe(200);
    stream.close();
    expect((await a.inject({ url: `/events?ticket=${ticket}` })).statusCode).toBe(401);
  });
});
