// Real: PostgreSQL at TEST_DATABASE_URL (own schema) and embedded PGlite (temp folder). Faked: nothing
// (the maintenance clock is passed in as `now`).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/errors.js';
import { createRepositories, type Repositories } from '../../src/repositories/index.js';
import { BACKENDS, type OpenedBackend } from './backends.js';
import { readings } from './readings.js';

const DAY = 86_400_000;

/** `telemetry_y2025m07`-style name of the month `offset` months after `date`'s, in UTC. */
function month(table: string, date: Date, offset = 0): string {
  const d = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + offset, 1));
  return `${table}_y${d.getUTCFullYear()}m${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

describe.each(BACKENDS)('storage maintenance on $name', (backend) => {
  let opened: OpenedBackend;
  let repos: Repositories;
  let now: Date;

  /** Rows per partition of a table. */
  async function placement(table: 'telemetry' | 'predictions'): Promise<Record<string, number>> {
    const res = await opened.db.query<{ part: string; n: number }>(
      `SELECT tableoid::regclass::text AS part, count(*)::int AS n FROM ${table} GROUP BY 1 ORDER BY 1`,
    );
    return Object.fromEntries(res.rows.map((r) => [r.part.replace(/^.*\./, '').replace(/"/g, ''), r.n]));
  }

  async function partitions(table: string): Promise<string[]> {
    const res = await opened.db.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
       WHERE i.inhparent = to_regclass($1) ORDER BY 1`,
      [table],
    );
    return res.rows.map((r) => r.name);
  }

  beforeAll(async () => {
    opened = await backend.open();
    repos = createRepositories(opened.db);
    const res = await opened.db.query<{ now: Date }>('SELECT now() AS now');
    now = res.rows[0]?.now as Date;
    // Rows arrive before any monthly partition exists: they wait in the DEFAULT partitions.
    await repos.telemetry.ingestMany([
      { engineId: 'RUN-1', cycles: readings(1, 30) },
      { engineId: 'LIVE-1', cycles: readings(1, 20, 2) },
    ]);
    await repos.predictions.recordMany([
      { engineId: 'RUN-1', cycle: 30, rul: 5, lower: 1, upper: 9, modelVersion: 'v1' },
      { engineId: 'LIVE-1', cycle: 20, rul: 80, lower: 70, upper: 90, modelVersion: 'v1' },
    ]);
  });
  afterAll(() => opened.cleanup());

  it('creates the monthly partitions ahead, moving what DEFAULT holds for them', async () => {
    expect(await placement('telemetry')).toEqual({ telemetry_kept: 50 });
    const report = await repos.storage.maintain({ now, retentionDays: 0 });
    expect(report).toEqual({
      created: [0, 1, 2]
        .flatMap((o) => [month('telemetry', now, o)])
        .concat([0, 1, 2].map((o) => month('predictions', now, o))),
      dropped: [],
      keptRows: 0,
      movedFromDefault: 52,
    });
    expect(await placement('telemetry')).toEqual({ [month('telemetry', now)]: 50 });
    expect(await placement('predictions')).toEqual({ [month('predictions', now)]: 2 });
    // Idempotent; a larger horizon adds only the missing months.
    expect(await repos.storage.maintain({ now, retentionDays: 0 })).toEqual({
      created: [],
      dropped: [],
      keptRows: 0,
      movedFromDefault: 0,
    });
    const more = await repos.storage.maintain({ now, retentionDays: 0, aheadPeriods: 3 });
    expect(more.created).toEqual([month('telemetry', now, 3), month('predictions', now, 3)]);
    // Everything still reads and writes through the parent tables.
    await repos.telemetry.ingest('LIVE-1', readings(21, 22, 2));
    expect(await repos.telemetry.count('LIVE-1')).toBe(22);
    expect((await repos.telemetry.lastCycles('LIVE-1', 2)).map((r) => r.cycle)).toEqual([21, 22]);
  });

  it('drops partitions past retention, keeping the telemetry of engines that ran to failure', async () => {
    await repos.engines.recordFailure('RUN-1', 30);
    const later = new Date(now.getTime() + 200 * DAY);
    const report = await repos.storage.maintain({ now: later, retentionDays: 30 });
    const cutoff = later.getTime() - 30 * DAY;
    const expired = (table: string) =>
      [0, 1, 2, 3]
        .filter((o) => Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + o + 1, 1) <= cutoff)
        .map((o) => month(table, now, o));
    expect(report.created).toEqual(
      [0, 1, 2]
        .map((o) => month('telemetry', later, o))
        .concat([0, 1, 2].map((o) => month('predictions', later, o))),
    );
    expect(report.dropped).toEqual([...expired('telemetry'), ...expired('predictions')]);
    expect(report.dropped).toContain(month('telemetry', now));
    expect(report).toMatchObject({ keptRows: 30, movedFromDefault: 0 });
    // The failed engine's trajectory is still training data; the live engine's old rows are gone.
    expect(await placement('telemetry')).toEqual({ telemetry_kept: 30 });
    expect(await repos.telemetry.count('LIVE-1')).toBe(0);
    const runs = await repos.runToFailure.list();
    expect(runs.map((r) => [r.engineId, r.cycles.length])).toEqual([['RUN-1', 30]]);
    expect(await placement('predictions')).toEqual({});
    expect(await partitions('telemetry')).toEqual(
      ['telemetry_kept', ...[0, 1, 2].map((o) => month('telemetry', later, o))].sort(),
    );
    // Kept rows are what DEFAULT is for: the next run leaves them alone.
    expect(await repos.storage.maintain({ now: later, retentionDays: 30 })).toEqual({
      created: [],
      dropped: [],
      keptRows: 0,
      movedFromDefault: 0,
    });
  });

  it('gives rows that land in DEFAULT a partition, and drops them when expired', async () => {
    // Nothing covers the real current month any more: new rows wait in DEFAULT again.
    await repos.telemetry.ingest('LIVE-1', readings(23, 25, 2));
    expect(await placement('telemetry')).toEqual({ telemetry_kept: 33 });
    const later = new Date(now.getTime() + 200 * DAY);
    const report = await repos.storage.maintain({ now: later, retentionDays: 30 });
    // The month holds live rows again: its partition takes all 33, and dropping it keeps the 30.
    expect(report).toEqual({
      created: [month('telemetry', now)],
      dropped: [month('telemetry', now)],
      keptRows: 30,
      movedFromDefault: 33,
    });
    expect(await placement('telemetry')).toEqual({ telemetry_kept: 30 });
  });

  it('reports rows and bytes of both tables', async () => {
    const sizes = await repos.storage.sizes();
    expect(sizes.telemetry.rows).toBe(30);
    expect(sizes.telemetry.bytes).toBeGreaterThan(0);
    expect(sizes.predictions).toMatchObject({ rows: 0 });
  });

  it('validates its options', async () => {
    await expect(repos.storage.maintain({ retentionDays: -1 })).rejects.toBeInstanceOf(ValidationError);
    await expect(repos.storage.maintain({ retentionDays: 1.5 })).rejects.toBeInstanceOf(ValidationError);
    await expect(repos.storage.maintain({ retentionDays: 0, aheadPeriods: -1 })).rejects.toBeInstanceOf(
      ValidationError,
    );
  });
});

describe.each(BACKENDS)('storage maintenance during ingestion on $name', (backend) => {
  let opened: OpenedBackend;
  let repos: Repositories;

  beforeAll(async () => {
    opened = await backend.open();
    repos = createRepositories(opened.db);
  });
  afterAll(() => opened.cleanup());

  it('moves rows out of DEFAULT while writers resend overlapping cycles and record predictions, losing and doubling none', async () => {
    // Without a unique index on the partitioned table, only the engine lock keeps (engine, cycle)
    // unique: bulk and single writers overlap on purpose while partitions are created under them.
    const engines = ['P-0', 'P-1', 'P-2', 'P-3'];
    const sent = new Map<string, Set<number>>(engines.map((e) => [e, new Set()]));
    let stored = 0;
    let predictions = 0;
    const prediction = (engineId: string, cycle: number) => ({
      engineId,
      cycle,
      rul: 100 - cycle,
      lower: 90 - cycle,
      upper: 110 - cycle,
      modelVersion: 'v1',
    });
    const writers = Array.from({ length: 12 }, async (_, w) => {
      for (let from = 1 + (w % 4) * 5; from < 60; from += 10) {
        const chunk = readings(from, from + 9, 3);
        const mine = w % 2 ? engines : [...engines].reverse();
        for (const e of mine) chunk.forEach((c) => sent.get(e)?.add(c.cycle));
        if (w % 3 === 0) {
          for (const e of mine) {
            const res = await repos.telemetry.ingest(e, chunk);
            stored += res.stored;
            await repos.predictions.record(prediction(e, from + 9));
          }
        } else {
          const res = await repos.telemetry.ingestMany(mine.map((engineId) => ({ engineId, cycles: chunk })));
          for (const r of res) stored += r.outcome === 'stored' || r.outcome === 'duplicate' ? r.stored : NaN;
          await repos.predictions.recordMany(mine.map((e) => prediction(e, from + 9)));
        }
        predictions += mine.length;
      }
    });
    const maintenance = (async () => {
      const created: string[] = [];
      for (let i = 0; i < 4; i++) {
        created.push(...(await repos.storage.maintain({ retentionDays: 0 })).created);
        await new Promise((r) => setTimeout(r, 20));
      }
      return created;
    })();
    await Promise.all(writers);
    expect((await maintenance).length).toBe(6);
    await repos.storage.maintain({ retentionDays: 0 });
    let distinct = 0;
    for (const e of engines) {
      const cycles = sent.get(e) as Set<number>;
      distinct += cycles.size;
      expect(await repos.telemetry.count(e)).toBe(cycles.size);
    }
    expect(stored).toBe(distinct);
    expect((await repos.storage.sizes()).predictions.rows).toBe(predictions);
    expect((await repos.engines.getOrThrow('P-0')).prediction?.cycle).toBe(
      Math.max(...(sent.get('P-0') ?? [])),
    );
    for (const def of ['telemetry_kept', 'predictions_default']) {
      const inDefault = await opened.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${def}`);
      expect(inDefault.rows[0]?.n).toBe(0);
    }
  });
});
