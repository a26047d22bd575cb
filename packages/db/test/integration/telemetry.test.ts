// Real: PostgreSQL at TEST_DATABASE_URL (own schema) and embedded PGlite (temp folder). Faked: nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TelemetryConflictError, ValidationError } from '../../src/errors.js';
import { createRepositories, type Repositories } from '../../src/repositories/index.js';
import { BACKENDS, type OpenedBackend } from './backends.js';
import { reading, readings } from './readings.js';

describe.each(BACKENDS)('telemetry on $name', (backend) => {
  let opened: OpenedBackend;
  let repos: Repositories;

  beforeAll(async () => {
    opened = await backend.open();
    repos = createRepositories(opened.db);
  });
  afterAll(() => opened.cleanup());

  it('stores a batch, creating the engine, and reports the last cycle', async () => {
    const res = await repos.telemetry.ingest('ENG-001', readings(1, 50));
    expect(res).toEqual({ stored: 50, duplicates: 0, lastCycle: 50 });
    const engine = await repos.engines.get('ENG-001');
    expect(engine?.lastCycle).toBe(50);
    expect(engine?.status).toBe('unknown');
  });

  it('counts an identical resend as duplicates and stores nothing twice', async () => {
    const res = await repos.telemetry.ingest('ENG-001', readings(41, 60));
    expect(res).toEqual({ stored: 10, duplicates: 10, lastCycle: 60 });
    expect(await repos.telemetry.count('ENG-001')).toBe(60);
  });

  it('folds a cycle repeated identically inside one request', async () => {
    const res = await repos.telemetry.ingest('ENG-001', [reading(61), reading(61), reading(62)]);
    expect(res).toEqual({ stored: 2, duplicates: 1, lastCycle: 62 });
  });

  it('rejects a resend with different values, naming the cycles, and stores nothing from it', async () => {
    const changed = readings(60, 64).map((r) => (r.cycle === 61 || r.cycle === 62 ? reading(r.cycle, 9) : r));
    const err = await repos.telemetry.ingest('ENG-001', changed).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TelemetryConflictError);
    expect((err as TelemetryConflictError).cycles).toEqual([61, 62]);
    expect((err as TelemetryConflictError).statusCode).toBe(409);
    // Cycles 63 and 64 were new but must not have been stored.
    expect(await repos.telemetry.count('ENG-001')).toBe(62);
    expect((await repos.engines.get('ENG-001'))?.lastCycle).toBe(62);
  });

  it('rejects a request that repeats a cycle with different values before touching the database', async () => {
    const err = await repos.telemetry.ingest('ENG-002', [reading(1), reading(1, 2)]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TelemetryConflictError);
    expect(await repos.engines.get('ENG-002')).toBeNull();
  });

  it('validates shape and values', async () => {
    const bad = { cycle: 1, settings: [1, 2], sensors: reading(1).sensors };
    await expect(repos.telemetry.ingest('ENG-003', [bad])).rejects.toBeInstanceOf(ValidationError);
    const nan = { ...reading(1), sensors: [...reading(1).sensors.slice(1), Number.NaN] };
    await expect(repos.telemetry.ingest('ENG-003', [nan])).rejects.toThrow(/sensors\[20\]/);
    await expect(repos.telemetry.ingest('ENG-003', [])).rejects.toBeInstanceOf(ValidationError);
    await expect(repos.telemetry.ingest('', [reading(1)])).rejects.toBeInstanceOf(ValidationError);
  });

  it('round-trips values exactly', async () => {
    const odd = {
      cycle: 1,
      settings: [0.1 + 0.2, -0, 1e-300],
      sensors: reading(1).sensors.map((v) => v / 3),
    };
    await repos.telemetry.ingest('ENG-004', [odd]);
    const [back] = await repos.telemetry.range('ENG-004', 1, 1);
    expect(back?.settings).toEqual([0.1 + 0.2, 0, 1e-300]);
    expect(back?.sensors).toEqual(odd.sensors);
    expect(await repos.telemetry.ingest('ENG-004', [odd])).toMatchObject({ stored: 0, duplicates: 1 });
  });

  it('reads a cycle range and the last N cycles, oldest first', async () => {
    const range = await repos.telemetry.range('ENG-001', 10, 14);
    expect(range.map((r) => r.cycle)).toEqual([10, 11, 12, 13, 14]);
    expect(range[0]?.sensors).toEqual(reading(10).sensors);
    expect(range[0]?.receivedAt).toBeInstanceOf(Date);
    const last = await repos.telemetry.lastCycles('ENG-001', 3);
    expect(last.map((r) => r.cycle)).toEqual([60, 61, 62]);
    expect(await repos.telemetry.lastCycles('NOPE', 3)).toEqual([]);
  });

  it('keeps counts exact under a burst of concurrent writers sending overlapping cycles', async () => {
    // 24 writers over 3 engines, each sending a 30-cycle stretch in batches of 7; stretches overlap.
    const specs = Array.from({ length: 24 }, (_, w) => ({
      engine: `BURST-${w % 3}`,
      batch: readings(10 * (w % 6) + 1, 10 * (w % 6) + 30),
    }));
    const results = await Promise.all(
      specs.map(async ({ engine, batch }) => {
        let stored = 0;
        let duplicates = 0;
        for (let i = 0; i < batch.length; i += 7) {
          const res = await repos.telemetry.ingest(engine, batch.slice(i, i + 7));
          stored += res.stored;
          duplicates += res.duplicates;
        }
        return { engine, stored, duplicates };
      }),
    );
    for (const engine of ['BURST-0', 'BURST-1', 'BURST-2']) {
      const sentCycles = specs.filter((s) => s.engine === engine).flatMap((s) => s.batch.map((r) => r.cycle));
      const mine = results.filter((r) => r.engine === engine);
      const stored = mine.reduce((n, r) => n + r.stored, 0);
      const duplicates = mine.reduce((n, r) => n + r.duplicates, 0);
      const distinct = new Set(sentCycles).size;
      // Every cycle stored exactly once; every other copy reported as a duplicate; nothing lost.
      expect(await repos.telemetry.count(engine)).toBe(distinct);
      expect(stored).toBe(distinct);
      expect(duplicates).toBe(sentCycles.length - distinct);
      expect((await repos.engines.get(engine))?.lastCycle).toBe(Math.max(...sentCycles));
    }
  });
});
