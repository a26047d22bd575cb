// Real: PostgreSQL at TEST_DATABASE_URL (own schema) and embedded PGlite (temp folder). Faked: nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/errors.js';
import type { FleetQuery } from '../../src/repositories/engines-repository.js';
import { createRepositories, type Repositories } from '../../src/repositories/index.js';
import { BACKENDS, type OpenedBackend } from './backends.js';

const EDGES = [0, 25, 50, 75, 100];

/** The list query of band i: the first band without rulMin (the summary counts RULs below it there), the open last one without rulMax. */
function bandQuery(i: number): FleetQuery {
  return {
    ...(i > 0 ? { rulMin: EDGES[i] } : {}),
    ...(i < EDGES.length - 1 ? { rulMax: EDGES[i + 1] } : {}),
  };
}

describe.each(BACKENDS)('fleet list by remaining-life range on $name', (backend) => {
  let opened: OpenedBackend;
  let repos: Repositories;

  const predict = (engineId: string, rul: number, warnings: string[] = []) =>
    repos.predictions.record({
      engineId,
      cycle: 10,
      rul,
      lower: rul - 5,
      upper: rul + 5,
      modelVersion: 'v1',
      warnings,
    });

  beforeAll(async () => {
    opened = await backend.open();
    repos = createRepositories(opened.db, { thresholds: { warningRul: 50, criticalRul: 20 } });
    // 40 judged engines with RULs on and between the edges, one below the first edge.
    for (let i = 0; i < 40; i++) {
      const id = `J-${String(i).padStart(2, '0')}`;
      await repos.engines.ensure(id, { model: i % 2 ? 'odd' : 'even' });
      await predict(id, i === 0 ? -3 : (i * 12.5) % 130);
    }
    // Engines no band counts, whatever their RUL: unjudged, failed, never predicted.
    await repos.engines.ensure('X-UNJUDGED');
    await predict('X-UNJUDGED', 30, ['SETTINGS_OUT_OF_RANGE']);
    await repos.engines.ensure('X-FAILED');
    await predict('X-FAILED', 30);
    await repos.engines.recordFailure('X-FAILED', 10);
    await repos.engines.ensure('X-NONE');
  });
  afterAll(() => opened.cleanup());

  it('lists exactly the engines each summary band counts, with the same total', async () => {
    const summary = await repos.engines.summary({ bandEdges: EDGES });
    for (const [i, band] of summary.bands.entries()) {
      const page = await repos.engines.list({ ...bandQuery(i), limit: 1000 });
      expect(page.total).toBe(band.count);
      expect(page.items).toHaveLength(band.count);
      for (const e of page.items) {
        expect(['healthy', 'warning', 'critical']).toContain(e.status);
        const rul = e.prediction?.rul ?? Number.NaN;
        if (i > 0) expect(rul).toBeGreaterThanOrEqual(band.from);
        if (band.to !== null) expect(rul).toBeLessThan(band.to);
      }
    }
    expect((await repos.engines.list({ rulMax: 25, limit: 1000 })).items.map((e) => e.id)).toContain('J-00');
    // rulMin is inclusive and rulMax exclusive: an engine at 25 is listed, one at 50 is not.
    const ruls = (await repos.engines.list({ rulMin: 25, rulMax: 50, sort: 'rul', limit: 1000 })).items.map(
      (e) => e.prediction?.rul,
    );
    expect(ruls[0]).toBe(25);
    expect(ruls.at(-1)).toBeLessThan(50);
    expect((await repos.engines.list({ rulMin: 50, sort: 'rul', limit: 1 })).items[0]?.prediction?.rul).toBe(
      50,
    );
  });

  it('pages a range by cursor in every sort, combined with the status, search and model filters', async () => {
    for (const sort of ['rul', 'id', 'last_cycle', 'updated'] as const) {
      for (const order of ['asc', 'desc'] as const) {
        const query: FleetQuery = { rulMin: 20, rulMax: 110, sort, order };
        const all = await repos.engines.list({ ...query, limit: 1000 });
        const ids: string[] = [];
        let cursor: string | null = null;
        do {
          const page = await repos.engines.list({ ...query, limit: 3, ...(cursor ? { cursor } : {}) });
          expect(page.total).toBe(all.total);
          ids.push(...page.items.map((e) => e.id));
          cursor = page.nextCursor;
        } while (cursor);
        expect(ids).toEqual(all.items.map((e) => e.id));
      }
    }
    const filtered = await repos.engines.list({
      rulMin: 20,
      status: 'warning',
      search: 'j-1',
      model: 'odd',
      limit: 1000,
    });
    expect(filtered.total).toBeGreaterThan(0);
    for (const e of filtered.items) {
      expect(e).toMatchObject({ status: 'warning', model: 'odd' });
      expect(e.id.startsWith('J-1')).toBe(true);
      expect(e.prediction?.rul).toBeGreaterThanOrEqual(20);
    }
    // A status outside the judged ones matches nothing once a range is asked for.
    expect((await repos.engines.list({ rulMin: 0, status: ['unknown', 'failed'] })).total).toBe(0);
    expect((await repos.engines.list({ status: ['unknown', 'failed'] })).total).toBe(3);
  });

  it('rejects an empty or reversed range and non-finite bounds, naming the field', async () => {
    for (const [query, field] of [
      [{ rulMin: 50, rulMax: 50 }, 'rulMin'],
      [{ rulMin: 60, rulMax: 50 }, 'rulMin'],
      [{ rulMin: Number.NaN }, 'rulMin'],
      [{ rulMax: Number.POSITIVE_INFINITY }, 'rulMax'],
    ] as [FleetQuery, string][]) {
      const err = await repos.engines.list(query).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ValidationError);
      expect((err as ValidationError).details).toEqual({ field });
    }
  });
});
