// Real: PostgreSQL at TEST_DATABASE_URL (own schema) and embedded PGlite (temp folder). Faked: nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NotFoundError, ValidationError } from '../../src/errors.js';
import type { NewPrediction } from '../../src/repositories/predictions-repository.js';
import { createRepositories, type Repositories } from '../../src/repositories/index.js';
import { BACKENDS, type OpenedBackend } from './backends.js';
import { counting } from './counting-db.js';

/** A sequence of predictions for one engine with late arrivals and a repeated cycle. */
function sequence(engineId: string, seed: number): NewPrediction[] {
  const cycles = [10, 11, 13, 12, 13, 14, 9, 15, 16, 17, 18, 19, 8];
  return cycles.map((cycle, i) => ({
    engineId,
    cycle,
    rul: 120 - cycle * (1 + seed / 10) + (i % 3),
    lower: 100 - cycle,
    upper: 140 - cycle,
    modelVersion: `v${1 + (i % 2)}`,
    modelName: i % 2 ? 'cmapss-fd001' : null,
    warnings: i === 4 ? ['SHORT_HISTORY'] : [],
  }));
}

describe.each(BACKENDS)('bulk predictions on $name', (backend) => {
  let opened: OpenedBackend;
  let repos: Repositories;

  beforeAll(async () => {
    opened = await backend.open();
    repos = createRepositories(opened.db, { trendWindow: 5 });
    for (const id of ['ONE-A', 'ONE-B', 'MANY-A', 'MANY-B', 'LATE-1', 'LATE-2'])
      await repos.engines.ensure(id);
  });
  afterAll(() => opened.cleanup());

  it('leaves engines and history exactly as record() per prediction does', async () => {
    const one = [...sequence('ONE-A', 1), ...sequence('ONE-B', 2)];
    const many = [...sequence('MANY-A', 1), ...sequence('MANY-B', 2)].map((p) => ({
      ...p,
      engineId: p.engineId.replace('MANY', 'ONE'),
    }));
    // Interleave the two engines as one bulk call would bring them.
    const interleaved = many
      .map((p, i) => ({ p, key: (i % 13) * 2 + (i >= 13 ? 1 : 0) }))
      .sort((a, b) => a.key - b.key)
      .map(({ p }) => ({ ...p, engineId: p.engineId.replace('ONE', 'MANY') }));
    for (const p of one) await repos.predictions.record(p);
    // In three calls, so later calls meet engines that already hold a later cycle.
    await repos.predictions.recordMany(interleaved.slice(0, 9));
    await repos.predictions.recordMany(interleaved.slice(9, 20));
    await repos.predictions.recordMany(interleaved.slice(20));
    for (const suffix of ['A', 'B']) {
      const single = await repos.engines.getOrThrow(`ONE-${suffix}`);
      const bulk = await repos.engines.getOrThrow(`MANY-${suffix}`);
      expect(bulk.prediction).toEqual({ ...single.prediction, predictedAt: bulk.prediction?.predictedAt });
      expect(bulk.prediction?.trend).not.toBeNull();
      expect(bulk.status).toBe(single.status);
      const strip = (items: { cycle: number; rul: number; modelVersion: string; warnings: string[] }[]) =>
        items.map(({ cycle, rul, modelVersion, warnings }) => ({ cycle, rul, modelVersion, warnings }));
      const h1 = await repos.predictions.listByEngine(`ONE-${suffix}`);
      const h2 = await repos.predictions.listByEngine(`MANY-${suffix}`);
      expect(h2.total).toBe(13);
      // Same cycles and values; ids differ between the engines, so equal cycles may swap places.
      const order = (a: { cycle: number; rul: number }, b: { cycle: number; rul: number }) =>
        b.cycle - a.cycle || a.rul - b.rul;
      expect(strip(h2.items).sort(order)).toEqual(strip(h1.items).sort(order));
    }
  });

  it('ignores a late arrival for the latest prediction but fits the trend with what came before', async () => {
    const p = (engineId: string, cycle: number, rul: number): NewPrediction => ({
      engineId,
      cycle,
      rul,
      lower: rul - 1,
      upper: rul + 1,
      modelVersion: 'v1',
    });
    await repos.predictions.record(p('LATE-1', 20, 50));
    await repos.predictions.record(p('LATE-1', 21, 48));
    await repos.predictions.record(p('LATE-1', 15, 90));
    await repos.predictions.recordMany([p('LATE-2', 20, 50), p('LATE-2', 21, 48), p('LATE-2', 15, 90)]);
    const single = await repos.engines.getOrThrow('LATE-1');
    const bulk = await repos.engines.getOrThrow('LATE-2');
    expect(bulk.prediction).toMatchObject({ cycle: 21, rul: 48, trend: single.prediction?.trend });
    expect(bulk.prediction?.trend).toBeCloseTo(-2, 10);
  });

  it('stores nothing when an engine is missing or a prediction is invalid', async () => {
    const ok = { engineId: 'LATE-2', cycle: 40, rul: 3, lower: 1, upper: 5, modelVersion: 'v1' };
    await expect(repos.predictions.recordMany([ok, { ...ok, engineId: 'NO-SUCH' }])).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await expect(repos.predictions.recordMany([ok, { ...ok, rul: Number.NaN }])).rejects.toBeInstanceOf(
      ValidationError,
    );
    expect((await repos.engines.getOrThrow('LATE-2')).prediction?.cycle).toBe(21);
    expect((await repos.predictions.listByEngine('LATE-2')).total).toBe(3);
    await expect(repos.predictions.recordMany([])).resolves.toBeUndefined();
  });

  it('takes three statements in one transaction whatever the engine count', async () => {
    const { db, statements } = counting(opened.db);
    const counted = createRepositories(db);
    const ids = Array.from({ length: 100 }, (_, i) => `COUNT-${i}`);
    for (const id of ids) await repos.engines.ensure(id);
    const p = (engineId: string) => ({
      engineId,
      cycle: 5,
      rul: 60,
      lower: 50,
      upper: 70,
      modelVersion: 'v1',
    });
    await counted.predictions.recordMany([p('COUNT-0')]);
    await counted.predictions.recordMany(ids.map(p));
    expect(statements).toEqual([3, 3]);
    expect((await repos.engines.getOrThrow('COUNT-99')).prediction?.rul).toBe(60);
  });

  it('gets many engines in one query, leaving out unknown ids', async () => {
    const engines = await repos.engines.getMany(['LATE-1', 'NOPE', 'ONE-A']);
    expect([...engines.keys()].sort()).toEqual(['LATE-1', 'ONE-A']);
    expect(engines.get('ONE-A')).toEqual(await repos.engines.get('ONE-A'));
    expect(await repos.engines.getMany([])).toEqual(new Map());
  });
});
