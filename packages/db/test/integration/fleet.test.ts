// Real: PostgreSQL at TEST_DATABASE_URL (own schema) and embedded PGlite (temp folder). Faked: nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError, ValidationError } from '../../src/errors.js';
import { EnginesRepository } from '../../src/repositories/engines-repository.js';
import { createRepositories, type Repositories } from '../../src/repositories/index.js';
import { BACKENDS, type OpenedBackend } from './backends.js';
import { readings } from './readings.js';

describe.each(BACKENDS)('fleet on $name', (backend) => {
  let opened: OpenedBackend;
  let repos: Repositories;

  const predict = (engineId: string, cycle: number, rul: number, modelVersion = 'v1') =>
    repos.predictions.record({ engineId, cycle, rul, lower: rul - 5, upper: rul + 5, modelVersion });

  beforeAll(async () => {
    opened = await backend.open();
    repos = createRepositories(opened.db, { thresholds: { warningRul: 50, criticalRul: 20 } });
    // A: healthy (80), B: warning (40), C: critical (10), D: no prediction, E: failed.
    for (const [id, cycles] of [
      ['ENG-A', 30],
      ['ENG-B', 60],
      ['ENG-C', 90],
      ['ENG-D', 5],
      ['ENG-E', 40],
    ] as const) {
      await repos.telemetry.ingest(id, readings(1, cycles, id.charCodeAt(4)));
    }
    await predict('ENG-A', 30, 80);
    await predict('ENG-B', 58, 44);
    await predict('ENG-B', 60, 40);
    await predict('ENG-C', 88, 14);
    await predict('ENG-C', 89, 12);
    await predict('ENG-C', 90, 10);
    await predict('ENG-E', 39, 3);
    await repos.engines.recordFailure('ENG-E', 40);
  });
  afterAll(() => opened.cleanup());

  it('derives status from the thresholds', async () => {
    const page = await repos.engines.list({ sort: 'id' });
    expect(page.total).toBe(5);
    expect(page.items.map((e) => [e.id, e.status])).toEqual([
      ['ENG-A', 'healthy'],
      ['ENG-B', 'warning'],
      ['ENG-C', 'critical'],
      ['ENG-D', 'unknown'],
      ['ENG-E', 'failed'],
    ]);
  });

  it('uses thresholds given as parameters, not constants', async () => {
    const strict = new EnginesRepository(opened.db, { warningRul: 100, criticalRul: 50 });
    expect((await strict.get('ENG-A'))?.status).toBe('warning');
    expect((await strict.get('ENG-B'))?.status).toBe('critical');
    expect(() => new EnginesRepository(opened.db, { warningRul: 10, criticalRul: 20 })).toThrow(
      ValidationError,
    );
  });

  it('filters by status and id substring, with the total of the filtered set', async () => {
    const risky = await repos.engines.list({ status: ['warning', 'critical'] });
    expect(risky.items.map((e) => e.id)).toEqual(['ENG-B', 'ENG-C']);
    expect(risky.total).toBe(2);
    expect((await repos.engines.list({ search: 'g-c' })).items.map((e) => e.id)).toEqual(['ENG-C']);
    // LIKE wildcards in the search are literal.
    expect((await repos.engines.list({ search: '%' })).total).toBe(0);
    await expect(repos.engines.list({ status: 'broken' as never })).rejects.toBeInstanceOf(ValidationError);
  });

  it('sorts by rul (nulls last), last_cycle and updated, and paginates', async () => {
    const byRul = await repos.engines.list({ sort: 'rul' });
    expect(byRul.items.map((e) => e.id)).toEqual(['ENG-E', 'ENG-C', 'ENG-B', 'ENG-A', 'ENG-D']);
    const byCycleDesc = await repos.engines.list({ sort: 'last_cycle', order: 'desc' });
    expect(byCycleDesc.items.map((e) => e.id)).toEqual(['ENG-C', 'ENG-B', 'ENG-E', 'ENG-A', 'ENG-D']);
    const updated = await repos.engines.list({ sort: 'updated', order: 'desc', limit: 1 });
    expect(updated.items[0]?.id).toBe('ENG-E');
    const page2 = await repos.engines.list({ sort: 'id', limit: 2, offset: 2 });
    expect(page2).toMatchObject({ total: 5, limit: 2, offset: 2 });
    expect(page2.items.map((e) => e.id)).toEqual(['ENG-C', 'ENG-D']);
    await expect(repos.engines.list({ limit: 0 })).rejects.toBeInstanceOf(ValidationError);
  });

  it('denormalises the latest prediction and its trend', async () => {
    const c = await repos.engines.getOrThrow('ENG-C');
    expect(c.prediction).toMatchObject({ rul: 10, lower: 5, upper: 15, cycle: 90, modelVersion: 'v1' });
    expect(c.prediction?.trend).toBeCloseTo(-2, 10);
    expect((await repos.engines.getOrThrow('ENG-A')).prediction?.trend).toBeNull();
    // A late prediction for an older cycle joins the history but does not replace the latest.
    await predict('ENG-C', 50, 99);
    expect((await repos.engines.getOrThrow('ENG-C')).prediction?.rul).toBe(10);
  });

  it('pages prediction history, newest cycle first', async () => {
    const all = await repos.predictions.listByEngine('ENG-C');
    expect(all.total).toBe(4);
    expect(all.items.map((p) => p.cycle)).toEqual([90, 89, 88, 50]);
    const page = await repos.predictions.listByEngine('ENG-C', { limit: 2, offset: 1 });
    expect(page.items.map((p) => p.cycle)).toEqual([89, 88]);
    await expect(predict('NOPE', 1, 1)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('summarises counts per status and the lowest live RUL', async () => {
    expect(await repos.engines.summary()).toEqual({
      counts: { healthy: 1, warning: 1, critical: 1, unknown: 1, failed: 1 },
      minRul: 10,
      bands: [],
    });
  });

  it('shares one summary query among identical requests at once, never an older one', async () => {
    const selects: string[] = [];
    const db = Object.create(opened.db) as typeof opened.db;
    db.query = (text, params) => {
      if (text.includes('width_bucket')) selects.push(text);
      return opened.db.query(text, params);
    };
    const shared = new EnginesRepository(db, { warningRul: 50, criticalRul: 20 });
    const first = shared.summary();
    const during = Array.from({ length: 8 }, () => shared.summary());
    // The eight asked while the first query ran: they share the one query that starts after it.
    const before = await first;
    expect(selects).toHaveLength(1);
    const answers = await Promise.all(during);
    expect(selects).toHaveLength(2);
    for (const a of answers) expect(a).toEqual(before);
    // A summary asked after a write has committed includes it.
    await predict('ENG-A', 31, 7);
    const after = await shared.summary();
    expect(after.counts.critical).toBe(before.counts.critical + 1);
    expect(after.minRul).toBe(7);
    expect(selects).toHaveLength(3);
    await predict('ENG-A', 32, 80);
  });

  it('records failures idempotently and rejects a contradicting one', async () => {
    const again = await repos.engines.recordFailure('ENG-E', 40);
    expect(again.newlyFailed).toBe(false);
    await expect(repos.engines.recordFailure('ENG-E', 41)).rejects.toBeInstanceOf(ConflictError);
    await expect(repos.engines.recordFailure('NOPE', 3)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('exports run-to-failure trajectories as training data', async () => {
    await repos.telemetry.ingest('ENG-F', readings(1, 12));
    await repos.engines.recordFailure('ENG-F', 10); // readings after the failure are not training data
    const runs = await repos.runToFailure.list();
    expect(runs.map((r) => [r.engineId, r.failedAtCycle, r.cycles.length])).toEqual([
      ['ENG-E', 40, 40],
      ['ENG-F', 10, 10],
    ]);
    expect(runs[1]?.cycles[0]).toEqual(readings(1, 1)[0]);
  });

  it('computes per-channel statistics of recent telemetry in SQL', async () => {
    const stats = await repos.drift.recentChannelStats(1000);
    expect(stats).toHaveLength(24);
    const rows = await opened.db.query<{ v: number }>('SELECT sensors[1] AS v FROM telemetry');
    const values = rows.rows.map((r) => r.v);
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    expect(stats[3]?.count).toBe(values.length);
    expect(stats[3]?.mean).toBeCloseTo(mean, 9);
    expect(stats[3]?.min).toBe(Math.min(...values));
    expect(stats[2]).toMatchObject({ mean: 100, std: 0 });
    expect((await repos.drift.recentChannelStats(5))[0]?.count).toBe(5);
  });

  it('ensures and deletes engines, cascading to telemetry and predictions', async () => {
    expect((await repos.engines.ensure('ENG-NEW')).status).toBe('unknown');
    expect(await repos.engines.delete('ENG-C')).toBe(true);
    expect(await repos.engines.delete('ENG-C')).toBe(false);
    expect(await repos.telemetry.count('ENG-C')).toBe(0);
    expect((await repos.predictions.listByEngine('ENG-C')).total).toBe(0);
  });
  it('keeps warning codes with each prediction and flags the engine with the latest ones', async () => {
    const before = await repos.engines.summary();
    await repos.telemetry.ingest('ENG-W', readings(1, 20, 87));
    // A low RUL the model could not judge: not critical, and not the fleet's lowest RUL.
    const out = { engineId: 'ENG-W', rul: 2, lower: 0, upper: 125, modelVersion: 'v1' };
    await repos.predictions.record({
      ...out,
      cycle: 19,
      warnings: ['SETTINGS_OUT_OF_RANGE', 'SHORT_HISTORY'],
    });
    const flagged = await repos.engines.get('ENG-W');
    expect(flagged?.prediction?.warnings).toEqual(['SETTINGS_OUT_OF_RANGE', 'SHORT_HISTORY']);
    expect(flagged?.status).toBe('unknown');
    const summary = await repos.engines.summary();
    expect(summary.minRul).toBe(before.minRul);
    expect(summary.counts.unknown).toBe(before.counts.unknown + 1);
    const listed = await repos.engines.list({ search: 'eng-w' });
    expect(listed.items[0]?.prediction?.warnings).toEqual(['SETTINGS_OUT_OF_RANGE', 'SHORT_HISTORY']);
    // A later prediction the model could judge clears the flag; the history keeps both.
    await repos.predictions.record({ ...out, cycle: 20, rul: 90, lower: 80, upper: 100 });
    const judged = await repos.engines.get('ENG-W');
    expect(judged?.prediction?.warnings).toEqual([]);
    expect(judged?.status).toBe('healthy');
    const history = await repos.predictions.listByEngine('ENG-W');
    expect(history.items.map((p) => p.warnings)).toEqual([[], ['SETTINGS_OUT_OF_RANGE', 'SHORT_HISTORY']]);
    await expect(
      repos.predictions.record({ ...out, cycle: 21, warnings: ["x'; DROP TABLE engines"] }),
    ).rejects.toBeInstanceOf(ValidationError);
    await repos.engines.delete('ENG-W');
  });

  it('keeps the model an engine is judged by, and the model of each prediction', async () => {
    expect((await repos.engines.ensure('ENG-M1', { model: 'cmapss-fd002-tcn-ensemble' })).model).toBe(
      'cmapss-fd002-tcn-ensemble',
    );
    // An existing engine keeps its model on ensure; setModel changes it.
    expect((await repos.engines.ensure('ENG-M1', { model: 'other' })).model).toBe(
      'cmapss-fd002-tcn-ensemble',
    );
    expect((await repos.engines.ensure('ENG-M2')).model).toBeNull();
    await repos.telemetry.ingest('ENG-M2', readings(1, 5, 3));
    await repos.predictions.record({
      engineId: 'ENG-M2',
      cycle: 5,
      rul: 80,
      lower: 70,
      upper: 90,
      modelVersion: 'v9',
      modelName: 'cmapss-fd004-tcn-ensemble',
    });
    const m2 = await repos.engines.get('ENG-M2');
    expect(m2?.prediction).toMatchObject({ modelVersion: 'v9', modelName: 'cmapss-fd004-tcn-ensemble' });
    expect((await repos.predictions.listByEngine('ENG-M2')).items[0]?.modelName).toBe(
      'cmapss-fd004-tcn-ensemble',
    );
    // Listing by model: the assigned model, or for an unassigned engine the model that last judged it.
    const ids = async (model: string) => (await repos.engines.list({ model })).items.map((e) => e.id);
    expect(await ids('cmapss-fd002-tcn-ensemble')).toEqual(['ENG-M1']);
    expect(await ids('cmapss-fd004-tcn-ensemble')).toEqual(['ENG-M2']);
    expect((await repos.engines.setModel('ENG-M2', 'cmapss-fd002-tcn-ensemble')).model).toBe(
      'cmapss-fd002-tcn-ensemble',
    );
    expect(await ids('cmapss-fd002-tcn-ensemble')).toEqual(['ENG-M1', 'ENG-M2']);
    expect((await repos.engines.setModel('ENG-M2', null)).model).toBeNull();
    await expect(repos.engines.setModel('ENG-M2', 'bad name!')).rejects.toBeInstanceOf(ValidationError);
    await expect(repos.engines.setModel('NO-SUCH', null)).rejects.toBeInstanceOf(NotFoundError);
    // Training data per model: an engine judged by another model is another kind of fleet.
    await repos.engines.recordFailure('ENG-M2', 5);
    const runs = async (model?: string) =>
      (await repos.runToFailure.list(model)).map((r) => r.engineId).filter((id) => id.startsWith('ENG-M'));
    expect(await runs()).toEqual(['ENG-M2']);
    expect(await runs('cmapss-fd004-tcn-ensemble')).toEqual(['ENG-M2']);
    // ENG-M1 is FD002's and has not failed: FD002's data holds no ENG-M engine.
    expect(await runs('cmapss-fd002-tcn-ensemble')).toEqual([]);
    // A model no engine is judged by yet (its first version) learns from every failed engine.
    expect(await runs('a-new-model')).toEqual(['ENG-M2']);
    await repos.engines.delete('ENG-M1');
    await repos.engines.delete('ENG-M2');
  });
});
