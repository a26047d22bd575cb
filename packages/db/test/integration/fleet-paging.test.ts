// Real: PostgreSQL at TEST_DATABASE_URL (own schema) and embedded PGlite (temp folder). Faked: nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/errors.js';
import type { FleetQuery } from '../../src/repositories/engines-repository.js';
import { createRepositories, type Repositories } from '../../src/repositories/index.js';
import { BACKENDS, type OpenedBackend } from './backends.js';

const sortedIds = (n: number) => Array.from({ length: n }, (_, i) => `E-${String(i).padStart(3, '0')}`);

describe.each(BACKENDS)('fleet paging and bands on $name', (backend) => {
  let opened: OpenedBackend;
  let repos: Repositories;

  const predict = (engineId: string, cycle: number, rul: number) =>
    repos.predictions.record({ engineId, cycle, rul, lower: rul - 5, upper: rul + 5, modelVersion: 'v1' });

  beforeAll(async () => {
    opened = await backend.open();
    repos = createRepositories(opened.db, { thresholds: { warningRul: 50, criticalRul: 20 } });
    // 60 engines: RUL 0..145 in steps that repeat (ties broken by id), every 7th without prediction.
    for (const [i, id] of sortedIds(60).entries()) {
      await repos.engines.ensure(id);
      if (i % 7 !== 3) await predict(id, 10, (i * 37) % 150);
    }
    await repos.telemetry.ingestMany(
      sortedIds(60).map((id, i) => ({
        engineId: id,
        cycles: [{ cycle: 1 + (i % 9), settings: [0, 0, 100], sensors: Array(21).fill(1) as number[] }],
      })),
    );
  });
  afterAll(() => opened.cleanup());

  async function walk(query: FleetQuery, between?: (page: number) => Promise<void>): Promise<string[]> {
    const ids: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 100; page++) {
      const res = await repos.engines.list({ ...query, ...(cursor ? { cursor } : {}) });
      ids.push(...res.items.map((e) => e.id));
      if (!res.nextCursor) return ids;
      expect(res.items).toHaveLength(query.limit ?? 50);
      cursor = res.nextCursor;
      await between?.(page);
    }
    throw new Error('no last page');
  }

  it('pages by cursor through every sort and order exactly as one big page lists them', async () => {
    for (const sort of ['rul', 'id', 'last_cycle', 'updated'] as const) {
      for (const order of ['asc', 'desc'] as const) {
        const all = await repos.engines.list({ sort, order, limit: 1000 });
        expect(all.nextCursor).toBeNull();
        expect(await walk({ sort, order, limit: 7 })).toEqual(all.items.map((e) => e.id));
      }
    }
    // With a filter, and starting from an offset page.
    const risky = await repos.engines.list({ sort: 'rul', status: ['critical', 'warning'], limit: 1000 });
    expect(await walk({ sort: 'rul', status: ['critical', 'warning'], limit: 4 })).toEqual(
      risky.items.map((e) => e.id),
    );
    const second = await repos.engines.list({ sort: 'rul', limit: 5, offset: 5 });
    expect(second.offset).toBe(5);
    const rest = await repos.engines.list({ sort: 'rul', limit: 1000, cursor: second.nextCursor ?? '' });
    expect([...second.items, ...rest.items].map((e) => e.id)).toEqual(
      (await repos.engines.list({ sort: 'rul', limit: 1000 })).items.slice(5).map((e) => e.id),
    );
  });

  it('stays stable while engines are added and re-predicted between pages', async () => {
    let round = 0;
    // New engines sort everywhere, including before the cursor; a re-predicted one moves.
    const churn = async (before: string[], touched: Set<string>, page: number) => {
      for (const k of [0, 1]) {
        const id = `NEW-${round}-${page}-${k}`;
        await repos.engines.ensure(id);
        await predict(id, 5, (page * 11 + k * 60) % 150);
        touched.add(id);
      }
      const moved = before[(page * 13) % before.length] as string;
      await predict(moved, 20 + round * 50 + page, (page * 29) % 150);
      touched.add(moved);
    };
    const run = async (paging: 'cursor' | 'offset') => {
      round += 1;
      const before = (await repos.engines.list({ sort: 'rul', limit: 1000 })).items.map((e) => e.id);
      const touched = new Set<string>();
      let seen: string[];
      if (paging === 'cursor') {
        seen = await walk({ sort: 'rul', limit: 6 }, (page) => churn(before, touched, page));
      } else {
        seen = [];
        for (let page = 0; ; page++) {
          const res = await repos.engines.list({ sort: 'rul', limit: 6, offset: page * 6 });
          seen.push(...res.items.map((e) => e.id));
          if (!res.nextCursor) break;
          await churn(before, touched, page);
        }
      }
      // What a client needs: every engine left alone listed exactly once, in its order.
      return {
        got: seen.filter((id) => !touched.has(id)),
        want: before.filter((id) => !touched.has(id)),
      };
    };
    const byCursor = await run('cursor');
    expect(byCursor.got).toEqual(byCursor.want);
    // The same churn breaks offset paging (engines repeat), so the check above is a real one.
    const byOffset = await run('offset');
    expect(byOffset.got).not.toEqual(byOffset.want);
  });

  it('rejects a cursor of another sort or order, a forged one, and cursor with offset', async () => {
    const page = await repos.engines.list({ sort: 'rul', limit: 2 });
    const cursor = page.nextCursor ?? '';
    for (const query of [
      { sort: 'id', cursor },
      { sort: 'rul', order: 'desc', cursor },
      { sort: 'rul', cursor: 'not-a-cursor' },
      { sort: 'rul', cursor: Buffer.from('{"s":"rul","o":"asc","k":1,"i":"x"}').toString('base64url') },
    ] as FleetQuery[]) {
      const err = await repos.engines.list(query).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ValidationError);
      expect((err as ValidationError).details).toEqual({ field: 'cursor' });
    }
    await expect(repos.engines.list({ sort: 'rul', cursor, offset: 3 })).rejects.toThrow(/offset/);
  });

  it('counts judged engines per RUL band in one summary', async () => {
    const summary = await repos.engines.summary({ bandEdges: [0, 25, 50, 75, 100, 125] });
    const judged = (await repos.engines.list({ status: ['healthy', 'warning', 'critical'], limit: 1000 }))
      .items;
    const expected = [0, 25, 50, 75, 100, 125].map((from, i, edges) => ({
      from,
      to: edges[i + 1] ?? null,
      count: judged.filter((e) => {
        const rul = e.prediction?.rul ?? Number.NaN;
        return rul >= from && (i === edges.length - 1 || rul < (edges[i + 1] as number));
      }).length,
    }));
    expect(summary.bands).toEqual(expected);
    expect(summary.bands.reduce((n, b) => n + b.count, 0)).toBe(
      summary.counts.healthy + summary.counts.warning + summary.counts.critical,
    );
    expect(summary.bands.every((b) => b.count > 0)).toBe(true);
    expect(summary.minRul).toBe(0);
    // A RUL under the first edge counts in the first band.
    expect((await repos.engines.summary({ bandEdges: [10, 200] })).bands[0]?.count).toBe(
      judged.filter((e) => (e.prediction?.rul ?? 0) < 200).length,
    );
    await expect(repos.engines.summary({ bandEdges: [0, 25, 25] })).rejects.toBeInstanceOf(ValidationError);
    await expect(repos.engines.summary({ bandEdges: [] })).rejects.toBeInstanceOf(ValidationError);
  });
});
