// A loopback HTTP server stands in for the API's telemetry routes (test/loopback-api.ts); the
// streamer, its retries and the generated fleet are real.
import { afterEach, describe, expect, it } from 'vitest';
import { startLoopbackApi, type Hooks, type LoopbackApi } from '../test/loopback-api.js';
import { generateFleet } from './degradation.js';
import { lazyFleet } from './lazy-fleet.js';
import { streamTelemetry, type StreamEvent } from './stream.js';
import { verified, verifyAcknowledged } from './verify.js';

let api: LoopbackApi | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});
const start = async (hooks?: Hooks) => (api = await startLoopbackApi(hooks));
const unitName = (i: number) => `SIM-${i + 1}`;
const total = (engines: { cycles: Iterable<unknown> }[]) =>
  engines.reduce((n, e) => n + [...e.cycles].length, 0);

describe('streamTelemetry, bulk route', () => {
  it('stores every cycle once, in order, never two requests at once for one engine', async () => {
    const { url, stored, seen, overlaps } = await start();
    const engines = lazyFleet({ engines: 30, seed: 2, unitName });
    const report = await streamTelemetry({
      api: url,
      apiKey: 'k1',
      engines,
      rate: 0,
      batch: 25,
      enginesPerRequest: 8,
      concurrency: 3,
    });
    const expected = generateFleet({ engines: 30, seed: 2, unitName });
    for (const e of expected) expect([...stored.get(e.unit)!.values()]).toEqual(e.cycles);
    expect(overlaps).toEqual([]);
    expect(
      seen.every((r) => r.route === 'bulk' && r.engines.length <= 8 && r.authorization === 'Bearer k1'),
    ).toBe(true);
    expect(Math.max(...seen.map((r) => r.cycles / r.engines.length))).toBeLessThanOrEqual(25);
    const l = report.ledger;
    expect(l.cyclesAcknowledged).toBe(total(expected));
    expect(l.cyclesStored).toBe(total(expected));
    expect(l.outcomes).toMatchObject({ duplicate: 0, conflict: 0, rejected: 0, unacknowledged: 0 });
    expect(l.batchesPredicted).toBe(l.batchesStored);
    expect(report.requests).toBe(seen.length);
    expect(report.retries).toBe(0);
    expect(report.cyclesPerSec).toBeGreaterThan(0);
    expect(l.stopped).toEqual([]);
  });

  it('sends NDJSON, one reading a line, when asked', async () => {
    const { url, stored, seen } = await start();
    const engines = lazyFleet({ engines: 3, seed: 4, unitName });
    await streamTelemetry({ api: url, engines, rate: 0, batch: 50, format: 'ndjson' });
    expect(new Set(seen.map((r) => r.contentType))).toEqual(new Set(['application/x-ndjson']));
    for (const e of engines) expect([...stored.get(e.unit)!.values()]).toEqual([...e.cycles]);
  });

  it('retries what it is asked to retry, and a lost answer only comes back as duplicates', async () => {
    const { url } = await start({
      refuse: (_, i) =>
        i === 0 ? { status: 503, headers: { 'retry-after': '0' } } : i === 1 ? { status: 429 } : undefined,
      loseAnswer: (_, i) => i === 3,
    });
    const engines = lazyFleet({ engines: 6, seed: 5, unitName });
    const events: StreamEvent[] = [];
    const report = await streamTelemetry({
      api: url,
      engines,
      rate: 0,
      batch: 40,
      enginesPerRequest: 3,
      concurrency: 1,
      retry: { baseDelayMs: 1 },
      onEvent: (e) => events.push(e),
    });
    expect(report.retries).toBe(3);
    expect(events.filter((e) => e.type === 'retry').map((e) => (e as { status: unknown }).status)).toEqual([
      503,
      429,
      'network',
    ]);
    const l = report.ledger;
    expect(l.cyclesAcknowledged).toBe(total(engines));
    expect(l.cyclesDuplicate).toBe(3 * 40);
    expect(l.outcomes.duplicate).toBe(3);
    expect(report.longestOutageMs).toBeGreaterThan(0);
    expect(verified(await verifyAcknowledged({ api: url, engines, ledger: l }))).toBe(true);
  });

  it('stops an engine the API rejects or finds in conflict, with the reason, and carries on with the rest', async () => {
    const { url, stored } = await start({
      reject: (id, cycles) =>
        id === 'SIM-2' && cycles.some((c) => c.cycle >= 10)
          ? {
              code: 'VALIDATION_ERROR',
              message: 'sensor out of range',
              field: 'body.engines[1].cycles[0].sensors[3]',
            }
          : undefined,
    });
    const engines = lazyFleet({ engines: 4, seed: 6, unitName });
    const [, , third] = engines;
    const cycle5 = [...third!.cycles][4]!;
    stored.set('SIM-3', new Map([[5, { ...cycle5, sensors: cycle5.sensors.map((v) => v + 1) }]]));
    const report = await streamTelemetry({ api: url, engines, rate: 0, batch: 3, enginesPerRequest: 4 });
    const l = report.ledger;
    expect(l.stopped).toEqual([
      {
        unit: 'SIM-3',
        outcome: 'conflict',
        code: 'TELEMETRY_CONFLICT',
        message: 'cycles 5 differ',
        cycles: [4, 6],
        conflicts: [5],
      },
      {
        unit: 'SIM-2',
        outcome: 'rejected',
        code: 'VALIDATION_ERROR',
        message: 'body.engines[1].cycles[0].sensors[3]: sensor out of range',
        cycles: [10, 12],
      },
    ]);
    expect([...stored.get('SIM-2')!.keys()]).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(l.ranges.get('SIM-2')).toEqual([[1, 9]]);
    expect(l.ranges.get('SIM-3')).toEqual([[1, 3]]);
    for (const e of [engines[0]!, engines[3]!]) expect(stored.get(e.unit)!.size).toBe([...e.cycles].length);
    expect(verified(await verifyAcknowledged({ api: url, engines, ledger: l }))).toBe(true);
  });

  it('gives a request up after its retries and reports its engines unacknowledged', async () => {
    const { url } = await start({ refuse: () => ({ status: 503, headers: { 'retry-after': '0' } }) });
    const engines = lazyFleet({ engines: 2, seed: 7, unitName });
    const report = await streamTelemetry({
      api: url,
      engines,
      rate: 0,
      batch: 5,
      concurrency: 1,
      retry: { maxRetries: 2 },
    });
    expect(report.requests).toBe(3);
    expect(report.ledger.cyclesAcknowledged).toBe(0);
    expect(report.ledger.stopped.map((s) => [s.unit, s.outcome, s.code])).toEqual([
      ['SIM-1', 'unacknowledged', 'HTTP_503'],
      ['SIM-2', 'unacknowledged', 'HTTP_503'],
    ]);
  });

  it('paces to --rate acknowledged cycles per second and stops at --duration', async () => {
    const { url } = await start();
    const engines = lazyFleet({ engines: 4, seed: 8, unitName }).map((e) => ({
      unit: e.unit,
      cycles: [...e.cycles].slice(0, 10),
    }));
    const paced = await streamTelemetry({ api: url, engines, rate: 100, batch: 1, enginesPerRequest: 4 });
    // 40 cycles at 100/s: the last request of 4 is due 0.36 s after the first.
    expect(paced.elapsedMs).toBeGreaterThanOrEqual(350);
    expect(paced.ledger.cyclesAcknowledged).toBe(40);

    const cut = await streamTelemetry({
      api: url,
      engines: lazyFleet({ engines: 4, seed: 9, unitName: (i) => `CUT-${i}` }),
      rate: 100,
      batch: 1,
      durationMs: 200,
    });
    expect(cut.ledger.cyclesAcknowledged).toBeGreaterThan(0);
    expect(cut.ledger.cyclesAcknowledged).toBeLessThanOrEqual(24);
  });
});

describe('streamTelemetry, single-engine route', () => {
  it('sends one engine a request and reads conflicts from the 409', async () => {
    const { url, stored, seen } = await start();
    const engines = generateFleet({ engines: 3, seed: 9, truncate: true, unitName: (i) => `E/${i}` });
    const first = engines[0]!.cycles[0]!;
    stored.set('E/0', new Map([[1, { ...first, settings: [9, 9, 9] }]]));
    const report = await streamTelemetry({
      api: url,
      engines,
      mode: 'single',
      rate: 0,
      batch: 7,
      concurrency: 3,
    });
    expect(seen.every((r) => r.route === 'single' && r.engines.length === 1)).toBe(true);
    for (const e of engines.slice(1)) expect([...stored.get(e.unit)!.values()]).toEqual(e.cycles);
    expect(report.ledger.stopped).toEqual([
      {
        unit: 'E/0',
        outcome: 'conflict',
        code: 'TELEMETRY_CONFLICT',
        message: 'conflict',
        cycles: [1, 7],
        conflicts: [1],
      },
    ]);
    expect(report.ledger.cyclesAcknowledged).toBe(total(engines.slice(1)));
  });
});
