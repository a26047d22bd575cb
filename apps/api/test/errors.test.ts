// Real buildApp on the fixture model; every bad input is generated here, nothing is faked.
import { formatCmapssText, syntheticFleet, syntheticHistory } from '@rul/cmapss';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectErrorShape } from './helpers/error-shape.js';
import { startApp } from './helpers/test-app.js';

let app: FastifyInstance;
beforeAll(async () => {
  app = await startApp({
    BODY_LIMIT_BYTES: '65536',
    BATCH_BODY_LIMIT_BYTES: '200000',
    BATCH_MAX_ENGINES: '20',
  });
});
afterAll(() => app.close());

const predict = (payload: unknown) =>
  app.inject({ method: 'POST', url: '/predict', payload: payload as object });
const text = (payload: string, url = '/predict/batch') =>
  app.inject({ method: 'POST', url, headers: { 'content-type': 'text/plain' }, payload });

function withCycle(i: number, change: (c: Record<string, unknown>) => void) {
  const cycles = syntheticHistory(6) as unknown as Record<string, unknown>[];
  change(cycles[i]!);
  return { cycles };
}

describe('JSON input errors name the exact place', () => {
  it.each([
    ['20 sensors', withCycle(3, (c) => (c['sensors'] as number[]).pop()), 'body.cycles[3].sensors'],
    ['22 sensors', withCycle(1, (c) => (c['sensors'] as number[]).push(1)), 'body.cycles[1].sensors'],
    ['2 settings', withCycle(2, (c) => (c['settings'] as number[]).pop()), 'body.cycles[2].settings'],
    [
      'a string sensor',
      withCycle(4, (c) => ((c['sensors'] as unknown[])[5] = '641.2')),
      'body.cycles[4].sensors[5]',
    ],
    [
      'a null setting',
      withCycle(0, (c) => ((c['settings'] as unknown[])[0] = null)),
      'body.cycles[0].settings[0]',
    ],
    ['a fractional cycle', withCycle(5, (c) => (c['cycle'] = 5.5)), 'body.cycles[5].cycle'],
    ['a missing field', withCycle(2, (c) => delete c['sensors']), 'body.cycles[2].sensors'],
    ['an unknown field', withCycle(2, (c) => (c['extra'] = 1)), 'body.cycles[2].extra'],
    [
      'a sensor beyond the float32 range',
      withCycle(3, (c) => ((c['sensors'] as number[])[7] = 1e39)),
      'body.cycles[3].sensors[7]',
    ],
    [
      'a setting beyond the float32 range',
      withCycle(1, (c) => ((c['settings'] as number[])[2] = -3.5e38)),
      'body.cycles[1].settings[2]',
    ],
  ])('%s', async (_name, body, path) => {
    const res = await predict(body);
    expect(res.statusCode).toBe(400);
    expectErrorShape(res.json(), 400);
    expect(res.json().details[0].path).toBe(path);
    expect(res.json().message).toContain(path);
  });

  it('cycles not strictly increasing', async () => {
    const res = await predict(withCycle(3, (c) => (c['cycle'] = 2)));
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'NOT_INCREASING', details: [{ path: 'body.cycles[3].cycle' }] });
  });

  it('empty history', async () => {
    const res = await predict({ cycles: [] });
    expect(res.statusCode).toBe(400);
    expect(res.json().details[0].path).toBe('body.cycles');
  });

  it('batch errors point into engines[i]', async () => {
    const engines = [{ cycles: syntheticHistory(3) }, withCycle(2, (c) => (c['cycle'] = 1))];
    const res = await app.inject({ method: 'POST', url: '/predict/batch', payload: { engines } });
    expect(res.json()).toMatchObject({
      statusCode: 400,
      details: [{ path: 'body.engines[1].cycles[2].cycle' }],
    });
  });

  it('invalid JSON and a non-object body', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/predict',
      headers: { 'content-type': 'application/json' },
      payload: '{"cycles": [',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('INVALID_JSON');
    expectErrorShape((await predict([1, 2])).json(), 400);
  });

  it('too many engines for this server', async () => {
    const engines = Array.from({ length: 21 }, () => ({ cycles: syntheticHistory(1) }));
    const res = await app.inject({ method: 'POST', url: '/predict/batch', payload: { engines } });
    expect(res.json()).toMatchObject({ statusCode: 413, code: 'TOO_MANY_ENGINES' });
  });
});

describe('C-MAPSS text errors name line and column', () => {
  const good = formatCmapssText(syntheticFleet(2, 3, 3)).split('\n');

  it.each([
    ['nan', 'NON_FINITE'],
    ['inf', 'NON_FINITE'],
    ['12,5', 'MALFORMED_LINE'],
    ['1e39', 'NON_FINITE'],
  ])('a %s reading', async (token, code) => {
    const lines = [...good];
    const cols = lines[3]!.trim().split(' ');
    cols[7] = token;
    lines[3] = cols.join(' ');
    const res = await text(lines.join('\n'));
    expect(res.statusCode).toBe(400);
    expectErrorShape(res.json(), 400);
    expect(res.json()).toMatchObject({ code, details: [{ line: 4, column: 8 }] });
  });

  it('a short line', async () => {
    const res = await text(`${good[0]}\n1 2 3\n`);
    expect(res.json()).toMatchObject({ code: 'MALFORMED_LINE', details: [{ line: 2, column: 4 }] });
  });

  it('an empty body and a bad horizons query', async () => {
    expect((await text('   \n')).json()).toMatchObject({ statusCode: 400, code: 'EMPTY_HISTORY' });
    const res = await text(good.join('\n'), '/predict/batch?horizons=ten');
    expect(res.json().details[0].path).toBe('querystring.horizons');
  });
});

describe('transport errors use the same shape', () => {
  it('413 when the body is too large', async () => {
    const res = await predict({ cycles: syntheticHistory(400) });
    expect(res.statusCode).toBe(413);
    expectErrorShape(res.json(), 413);
    expect(res.json().code).toBe('PAYLOAD_TOO_LARGE');
    const big = await text(formatCmapssText(syntheticFleet(10, 200, 200)));
    expect(big.statusCode).toBe(413);
  });

  it('415 for unsupported content types', async () => {
    for (const [url, type] of [
      ['/predict', 'text/plain'],
      ['/predict', 'application/xml'],
      ['/predict/batch', 'application/x-www-form-urlencoded'],
    ] as const) {
      const res = await app.inject({
        method: 'POST',
        url,
        headers: { 'content-type': type },
        payload: 'a=1',
      });
      expect(res.statusCode).toBe(415);
      expectErrorShape(res.json(), 415);
    }
  });

  it('404 for unknown routes', async () => {
    const res = await app.inject({ method: 'GET', url: '/nope?x=1' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({
      statusCode: 404,
      code: 'NOT_FOUND',
      message: 'route GET /nope does not exist',
    });
  });
});
