// Real buildApp with real hashed keys (fixture model); one test-only admin route stands in for later admin APIs.
import { syntheticHistory } from '@rul/cmapss';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { expectErrorShape } from './helpers/error-shape.js';
import { ADMIN_KEY, READ_KEY, TEST_API_KEYS, testConfig } from './helpers/test-app.js';

let app: FastifyInstance;
beforeAll(async () => {
  app = await buildApp(testConfig({ API_KEYS: TEST_API_KEYS, AUTH_MODE: 'required' }), { logger: false });
  app.get('/admin/ping', { config: { scope: 'admin' } }, async () => ({ pong: true }));
  await app.ready();
  await app.models.load();
});
afterAll(() => app.close());

const body = { cycles: syntheticHistory(30) };
const post = (headers: Record<string, string>) =>
  app.inject({ method: 'POST', url: '/predict', headers, payload: body });

describe('API key authentication', () => {
  it('401 without a key, with the error shape and a challenge', async () => {
    const res = await post({});
    expect(res.statusCode).toBe(401);
    expectErrorShape(res.json(), 401);
    expect(res.headers['www-authenticate']).toBe('Bearer');
  });

  it('401 with an unknown key', async () => {
    expect((await post({ authorization: 'Bearer nope' })).statusCode).toBe(401);
    expect((await post({ 'x-api-key': 'nope' })).json().code).toBe('UNAUTHORIZED');
  });

  it('accepts both header styles', async () => {
    expect((await post({ authorization: `Bearer ${READ_KEY}` })).statusCode).toBe(200);
    expect((await post({ 'x-api-key': READ_KEY })).statusCode).toBe(200);
  });

  it('403 when the scope is too small; admin satisfies read', async () => {
    const asReader = await app.inject({
      method: 'GET',
      url: '/admin/ping',
      headers: { 'x-api-key': READ_KEY },
    });
    expect(asReader.statusCode).toBe(403);
    expectErrorShape(asReader.json(), 403);
    const asAdmin = await app.inject({
      method: 'GET',
      url: '/admin/ping',
      headers: { 'x-api-key': ADMIN_KEY },
    });
    expect(asAdmin.statusCode).toBe(200);
    expect((await post({ 'x-api-key': ADMIN_KEY })).statusCode).toBe(200);
  });

  it('protects every API route and leaves probes, metrics and docs open', async () => {
    for (const [method, url] of [
      ['GET', '/models/active'],
      ['POST', '/predict/batch'],
      ['GET', '/v2'],
      ['GET', '/v2/models/rul-fixture'],
      ['POST', '/v2/models/rul-fixture/infer'],
    ] as const) {
      const res = await app.inject({ method, url, ...(method === 'POST' ? { payload: {} } : {}) });
      expect(res.statusCode, url).toBe(401);
    }
    expect((await app.inject({ method: 'GET', url: '/v2/models/rul-fixture' })).json()).toEqual({
      error: expect.stringContaining('missing API key'),
    });
    for (const url of [
      '/health',
      '/health/live',
      '/health/ready',
      '/metrics',
      '/v2/health/ready',
      '/openapi.json',
    ]) {
      expect((await app.inject({ method: 'GET', url })).statusCode, url).toBe(200);
    }
  });
});

describe('auth mode', () => {
  it('refuses to start in production without keys unless explicitly disabled', async () => {
    await expect(buildApp(testConfig({ NODE_ENV: 'production' }), { logger: false })).rejects.toThrow(
      /API_KEYS.*AUTH_MODE=disabled/,
    );
    const open = await buildApp(testConfig({ NODE_ENV: 'production', AUTH_MODE: 'disabled' }), {
      logger: false,
      autoloadModel: false,
    });
    expect(open.authEnabled).toBe(false);
    await open.close();
  });

  it('is on in production with keys and off (with a warning) in development', async () => {
    const lines: string[] = [];
    const stream = { write: (l: string) => void lines.push(l) };
    const dev = await buildApp(testConfig({ NODE_ENV: 'development' }), {
      logger: { level: 'warn', stream },
      autoloadModel: false,
    });
    expect(dev.authEnabled).toBe(false);
    expect(lines.join('')).toMatch(/AUTHENTICATION IS DISABLED/);
    await dev.close();
    const prod = await buildApp(testConfig({ NODE_ENV: 'production', API_KEYS: TEST_API_KEYS }), {
      logger: false,
      autoloadModel: false,
    });
    expect(prod.authEnabled).toBe(true);
    await prod.close();
  });

  it('never logs keys or bodies', async () => {
    const lines: string[] = [];
    const logged = await buildApp(testConfig({ API_KEYS: TEST_API_KEYS }), {
      logger: { level: 'trace', stream: { write: (l: string) => void lines.push(l) } },
      autoloadModel: false,
    });
    await logged.inject({
      method: 'POST',
      url: '/predict',
      headers: { 'x-api-key': READ_KEY },
      payload: body,
    });
    await logged.inject({
      method: 'POST',
      url: '/predict',
      headers: { authorization: `Bearer ${READ_KEY}` },
      payload: body,
    });
    await logged.close();
    const all = lines.join('');
    expect(all).toContain('reqId');
    expect(all).not.toContain(READ_KEY);
    expect(all).not.toContain(String(body.cycles[0]!.sensors[3]));
  });
});
