// Real buildApp with the real in-process rate-limit store (fixture model, model not loaded: limits act first).
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectErrorShape } from './helpers/error-shape.js';
import { startApp } from './helpers/test-app.js';

let app: FastifyInstance;
beforeAll(async () => {
  app = await startApp({ RATE_LIMIT_MAX: '3', RATE_LIMIT_WINDOW_MS: '60000' }, { autoloadModel: false });
});
afterAll(() => app.close());

describe('rate limiting', () => {
  it('answers 429 with rate-limit headers and the error shape once the budget is spent', async () => {
    const hit = () => app.inject({ method: 'GET', url: '/models/active', remoteAddress: '10.0.0.1' });
    const first = await hit();
    expect(first.headers['x-ratelimit-limit']).toBe('3');
    expect(first.headers['x-ratelimit-remaining']).toBe('2');
    await hit();
    await hit();
    const limited = await hit();
    expect(limited.statusCode).toBe(429);
    expectErrorShape(limited.json(), 429);
    expect(limited.json().code).toBe('RATE_LIMITED');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.headers['x-ratelimit-remaining']).toBe('0');
  });

  it('counts clients separately (by key hash or IP) and never limits probes or metrics', async () => {
    const other = await app.inject({ method: 'GET', url: '/models/active', remoteAddress: '10.0.0.2' });
    expect(other.statusCode).not.toBe(429);
    const keyed = await app.inject({
      method: 'GET',
      url: '/models/active',
      remoteAddress: '10.0.0.1',
      headers: { 'x-api-key': 'k1' },
    });
    expect(keyed.statusCode).not.toBe(429);
    for (let i = 0; i < 6; i++) {
      expect(
        (await app.inject({ method: 'GET', url: '/health/live', remoteAddress: '10.0.0.1' })).statusCode,
      ).toBe(200);
      expect(
        (await app.inject({ method: 'GET', url: '/metrics', remoteAddress: '10.0.0.1' })).statusCode,
      ).toBe(200);
    }
  });
});
