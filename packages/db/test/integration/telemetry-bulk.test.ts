// Real: PostgreSQL at TEST_DATABASE_URL (own schema) and embedded PGlite (temp folder). Faked: nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/errors.js';
import { createRepositories, type Repositories } from '../../src/repositories/index.js';
import { BACKENDS, type OpenedBackend } from './backends.js';
import { counting } from './counting-db.js';
import { reading, readings } from './readings.js';

describe.each(BACKENDS)('bulk telemetry on $name', (backend) => {
  let opened: OpenedBackend;
  let repos: Repositories;

  beforeAll(async () => {
    opened = await backend.open();
    repos = createRepositories(opened.db);
    await repos.telemetry.ingest('OLD', readings(1, 10));
    await repos.telemetry.ingest('DEAD', readings(1, 5));
    await repos.engines.recordFailure('DEAD', 5);
    await repos.engines.ensure('FD002', { model: 'cmapss-fd002' });
  });
  afterAll(() => opened.cleanup());

  it('answers each engine in request order: stored, duplicate, conflict, rejected', async () => {
    const changed = [...readings(9, 12)];
    changed[1] = reading(10, 7); // cycle 10 is stored with other values
    const badSensor = { ...reading(3), sensors: reading(3).sensors.slice(0, 20) };
    const results = await repos.telemetry.ingestMany([
      { engineId: 'NEW-1', cycles: [...readings(1, 4), reading(2)], model: 'cmapss-fd002' },
      { engineId: 'OLD', cycles: readings(3, 7) },
      { engineId: 'OLD-X', cycles: readings(1, 2) },
      { engineId: 'DEAD', cycles: readings(6, 7) },
      { engineId: 'FD002', cycles: readings(1, 2), model: 'cmapss-fd004' },
      { engineId: 'BAD', cycles: [reading(2), badSensor] },
      { engineId: 'CONTRA', cycles: [reading(1), reading(1, 2)] },
    ]);
    expect(results).toEqual([
      { engineId: 'NEW-1', outcome: 'stored', stored: 4, duplicates: 1, lastCycle: 4 },
      { engineId: 'OLD', outcome: 'duplicate', stored: 0, duplicates: 5, lastCycle: 10 },
      { engineId: 'OLD-X', outcome: 'stored', stored: 2, duplicates: 0, lastCycle: 2 },
      {
        engineId: 'DEAD',
        outcome: 'rejected',
        code: 'ENGINE_FAILED',
        message: expect.stringContaining('failed at cycle 5') as string,
      },
      {
        engineId: 'FD002',
        outcome: 'rejected',
        code: 'ENGINE_MODEL_DIFFERS',
        message: expect.stringContaining("model 'cmapss-fd002', not 'cmapss-fd004'") as string,
        field: 'model',
      },
      {
        engineId: 'BAD',
        outcome: 'rejected',
        code: 'VALIDATION_ERROR',
        message: expect.stringContaining('sensors must hold exactly 21') as string,
        field: 'sensors',
        cycle: 3,
      },
      {
        engineId: 'CONTRA',
        outcome: 'conflict',
        conflicts: [1],
        message: expect.stringContaining('cycles 1 differ') as string,
      },
    ]);
    expect((await repos.engines.get('NEW-1'))?.model).toBe('cmapss-fd002');
    expect(await repos.telemetry.count('DEAD')).toBe(5);
    expect(await repos.telemetry.count('FD002')).toBe(0);
    expect(await repos.engines.get('BAD')).toBeNull();
    expect(await repos.engines.get('CONTRA')).toBeNull();

    // A stored cycle resent with other values: that engine stores nothing, the others are stored.
    const mixed = await repos.telemetry.ingestMany([
      { engineId: 'OLD', cycles: changed },
      { engineId: 'NEW-1', cycles: readings(5, 6) },
    ]);
    expect(mixed).toEqual([
      {
        engineId: 'OLD',
        outcome: 'conflict',
        conflicts: [10],
        message: expect.stringContaining("Engine 'OLD': cycles 10 differ") as string,
      },
      { engineId: 'NEW-1', outcome: 'stored', stored: 2, duplicates: 0, lastCycle: 6 },
    ]);
    expect(await repos.telemetry.count('OLD')).toBe(10);
    expect((await repos.engines.get('OLD'))?.lastCycle).toBe(10);
  });

  it('throws on the same engine twice, naming both positions, and stores nothing', async () => {
    const err = await repos.telemetry
      .ingestMany([
        { engineId: 'TWICE', cycles: readings(1, 2) },
        { engineId: 'ONCE', cycles: readings(1, 2) },
        { engineId: 'TWICE', cycles: readings(3, 4) },
      ])
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).details).toMatchObject({ field: 'engineId', positions: [0, 2] });
    expect(await repos.engines.getMany(['TWICE', 'ONCE'])).toEqual(new Map());
    expect(await repos.telemetry.ingestMany([])).toEqual([]);
  });

  it('round-trips values exactly', async () => {
    const odd = {
      cycle: 1,
      settings: [0.1 + 0.2, -0, 1e-300],
      sensors: reading(1).sensors.map((v, i) => (i % 2 ? v / 3 : -v * 1e200)),
    };
    expect((await repos.telemetry.ingestMany([{ engineId: 'ODD', cycles: [odd] }]))[0]?.outcome).toBe(
      'stored',
    );
    const [back] = await repos.telemetry.range('ODD', 1, 1);
    expect(back?.settings).toEqual([0.1 + 0.2, 0, 1e-300]);
    expect(back?.sensors).toEqual(odd.sensors);
    const [window] = (await repos.telemetry.lastCyclesMany(['ODD'], 5)).get('ODD') ?? [];
    expect(window).toEqual(back);
    expect((await repos.telemetry.ingestMany([{ engineId: 'ODD', cycles: [odd] }]))[0]?.outcome).toBe(
      'duplicate',
    );
  });

  it('takes two statements in one transaction whatever the engine count', async () => {
    const { db, statements } = counting(opened.db);
    const counted = createRepositories(db);
    const batch = (n: number, prefix: string) =>
      Array.from({ length: n }, (_, i) => ({ engineId: `${prefix}-${i}`, cycles: readings(1, 3, i) }));
    await counted.telemetry.ingestMany(batch(1, 'S1'));
    await counted.telemetry.ingestMany(batch(200, 'S200'));
    expect(statements).toEqual([2, 2]);
    expect(await repos.telemetry.count('S200-199')).toBe(3);
  });

  it('reads many engines’ last cycles in one query, oldest first', async () => {
    const last = await repos.telemetry.lastCyclesMany(['OLD', 'NEW-1', 'NOBODY'], 3);
    expect([...last.keys()]).toEqual(['OLD', 'NEW-1', 'NOBODY']);
    expect(last.get('OLD')?.map((r) => r.cycle)).toEqual([8, 9, 10]);
    expect(last.get('NEW-1')?.map((r) => r.cycle)).toEqual([4, 5, 6]);
    expect(last.get('OLD')?.[2]?.sensors).toEqual(reading(10).sensors);
    expect(last.get('NOBODY')).toEqual([]);
    await expect(repos.telemetry.lastCyclesMany(['OLD'], 0)).rejects.toBeInstanceOf(ValidationError);
  });

  it('keeps counts exact with overlapping bulk and single-engine writers at once', async () => {
    // 12 bulk writers over shuffled, overlapping sets of 6 engines and 12 single-engine writers,
    // each resending overlapping cycle stretches. Any lock-order mistake would deadlock here.
    const engines = Array.from({ length: 6 }, (_, i) => `MIX-${i}`);
    const sent = new Map<string, number[]>(engines.map((e) => [e, []]));
    let stored = 0;
    let duplicates = 0;
    const writers = Array.from({ length: 24 }, async (_, w) => {
      const from = 5 * (w % 5) + 1;
      const cycles = readings(from, from + 14);
      for (let i = 0; i < cycles.length; i += 5) {
        const chunk = cycles.slice(i, i + 5);
        if (w % 2 === 0) {
          const mine = engines.filter((_, e) => (e + w) % 3 !== 0);
          if (w % 4 === 0) mine.reverse();
          mine.forEach((e) => sent.get(e)?.push(...chunk.map((c) => c.cycle)));
          const res = await repos.telemetry.ingestMany(mine.map((engineId) => ({ engineId, cycles: chunk })));
          for (const r of res) {
            if (r.outcome !== 'stored' && r.outcome !== 'duplicate') throw new Error(JSON.stringify(r));
            stored += r.stored;
            duplicates += r.duplicates;
          }
        } else {
          const engine = engines[w % engines.length] as string;
          sent.get(engine)?.push(...chunk.map((c) => c.cycle));
          const res = await repos.telemetry.ingest(engine, chunk);
          stored += res.stored;
          duplicates += res.duplicates;
        }
      }
    });
    await Promise.all(writers);
    let distinctTotal = 0;
    let sentTotal = 0;
    for (const e of engines) {
      const cycles = sent.get(e) ?? [];
      const distinct = new Set(cycles).size;
      distinctTotal += distinct;
      sentTotal += cycles.length;
      expect(await repos.telemetry.count(e)).toBe(distinct);
      expect((await repos.engines.get(e))?.lastCycle).toBe(Math.max(...cycles));
    }
    expect(stored).toBe(distinctTotal);
    expect(duplicates).toBe(sentTotal - distinctTotal);
  });
});
