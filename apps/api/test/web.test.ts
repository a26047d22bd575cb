// Real buildApp with a throwaway dashboard build in a temp dir (model not loaded: not needed here).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp } from './helpers/test-app.js';

let app: FastifyInstance;
beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rul-dash-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>RUL</title>');
  writeFileSync(join(dir, 'app.js'), 'console.log(1)');
  app = await startApp({ DASHBOARD_DIR: dir, CORS_ORIGINS: 'https://ops.example' }, { autoloadModel: false });
});
afterAll(() => app.close());

describe('dashboard, CORS and security headers', () => {
  it('serves the built dashboard at / with SPA fallback for browser routes only', async () => {
    const root = await app.inject({ method: 'GET', url: '/' });
    expect(root.statusCode).toBe(200);
    expect(root.body).toContain('<title>RUL</title>');
    expect((await app.inject({ method: 'GET', url: '/app.js' })).body).toContain('console.log');
    const deep = await app.inject({ method: 'GET', url: '/fleet/7', headers: { accept: 'text/html' } });
    expect(deep.statusCode).toBe(200);
    expect(deep.body).toContain('<title>RUL</title>');
    const api = await app.inject({ method: 'GET', url: '/fleet/7', headers: { accept: 'application/json' } });
    expect(api.json()).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
  });

  it('allows only configured origins', async () => {
    const preflight = (origin: string) =>
      app.inject({
        method: 'OPTIONS',
        url: '/predict',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type,x-api-key',
        },
      });
    const ok = await preflight('https://ops.example');
    expect(ok.headers['access-control-allow-origin']).toBe('https://ops.example');
    const other = await preflight('https://evil.example');
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('sends security headers and the request id on every response', async () => {
    const res = await app.inject({ method: 'GET', url: '/health/live' });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['strict-transport-security']).toBeDefined();
    expect(res.headers['x-request-id']).toBeDefined();
  });

  it('sends the same security headers on errors, refusals and predictions', async () => {
    const names = [
      'content-security-policy',
      'strict-transport-security',
      'x-content-type-options',
      'x-frame-options',
      'referrer-policy',
      'cross-origin-opener-policy',
    ];
    const pick = (h: Record<string, unknown>) => names.map((n) => h[n]);
    const reference = pick((await app.inject({ method: 'GET', url: '/health/live' })).headers);
    expect(reference.every((v) => typeof v === 'string' && v.length > 0)).toBe(true);
    const responses = await Promise.all([
      app.inject({ method: 'GET', url: '/no-such-route' }),
      app.inject({ method: 'POST', url: '/predict', payload: { cycles: [] } }),
      app.inject({ method: 'POST', url: '/predict', headers: { 'content-type': 'text/csv' }, payload: 'x' }),
    ]);
    expect(responses.map((r) => r.statusCode)).toEqual([404, 400, 415]);
    for (const r of responses) expect(pick(r.headers)).toEqual(reference);
  });
});
