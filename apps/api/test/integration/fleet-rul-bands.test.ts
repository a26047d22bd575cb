// Real: the app with embedded PGlite (temp folder) and with PostgreSQL + Redis, ONNX Runtime, HTTP
// (inject). Faked: nothing; the fleet's predictions are recorded straight into the repositories.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectErrorShape } from '../helpers/error-shape.js';
import { PGLITE_MEMORY, POSTGRES_REDIS, readAuth, startFleetApp, type BackendRun } from './fleet-backends.js';

interface Band {
  from: number;
  to: number | null;
  count: number;
}

/** How a client lists one band: no rulMin for the first (it also counts RULs below its edge), no rulMax for the open last. */
function bandParams(bands: readonly Band[], i: number): string {
  const band = bands[i] as Band;
  const params = new URLSearchParams();
  if (i > 0) params.set('rulMin', String(band.from));
  if (band.to !== null) params.set('rulMax', String(band.to));
  return params.toString();
}

describe.each([PGLITE_MEMORY, POSTGRES_REDIS])('GET /engines by remaining-life band on $name', (backend) => {
  let run: BackendRun;
  let app: FastifyInstance;

  const get = async (query: string) => app.inject({ url: `/engines?${query}`, headers: readAuth });

  beforeAll(async () => {
    run = await backend.create();
    app = await startFleetApp(run.env);
    const record = (engineId: string, rul: number, warnings: string[] = []) =>
      app.repos.predictions.record({
        engineId,
        cycle: 30,
        rul,
        lower: rul - 4,
        upper: rul + 4,
        modelVersion: 'seed',
        warnings,
      });
    // 57 judged engines over every band (one RUL below the first edge, some on the edges), and three
    // engines no band counts: unjudged, failed, never predicted.
    for (let i = 0; i < 57; i++) {
      const id = `SEED-${String(i).padStart(2, '0')}`;
      await app.repos.engines.ensure(id);
      await record(id, i === 0 ? -2 : (i * 7.5) % 160);
    }
    await app.repos.engines.ensure('SEED-UNJUDGED');
    await record('SEED-UNJUDGED', 40, ['READINGS_OUT_OF_RANGE']);
    await app.repos.engines.ensure('SEED-FAILED');
    await record('SEED-FAILED', 40);
    await app.repos.engines.recordFailure('SEED-FAILED', 30);
    await app.repos.engines.ensure('SEED-NONE');
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await run?.cleanup();
  });

  it('lists as many engines per band as the summary counts, and pages each band by cursor', async () => {
    const summary = (await app.inject({ url: '/fleet/summary', headers: readAuth })).json();
    const bands = summary.bands as Band[];
    expect(bands.length).toBeGreaterThan(2);
    expect(bands.every((b) => b.count > 0)).toBe(true);
    for (const [i, band] of bands.entries()) {
      const res = await get(`${bandParams(bands, i)}&sort=rul&order=desc&limit=4`);
      expect(res.statusCode).toBe(200);
      expect(res.json().total).toBe(band.count);
      const ids: string[] = [];
      let page = res.json();
      for (;;) {
        ids.push(...page.items.map((e: { id: string }) => e.id));
        if (!page.nextCursor) break;
        page = (
          await get(`${bandParams(bands, i)}&sort=rul&order=desc&limit=4&cursor=${page.nextCursor}`)
        ).json();
      }
      expect(new Set(ids).size).toBe(band.count);
    }
    const judged = summary.counts.healthy + summary.counts.warning + summary.counts.critical;
    expect(bands.reduce((n, b) => n + b.count, 0)).toBe(judged);
    expect(summary.total).toBe(judged + 3);
  });

  it('combines a range with the status filter and takes fractional bounds', async () => {
    const res = await get('rulMin=13.5&rulMax=47.5&status=critical&sort=rul');
    expect(res.statusCode).toBe(200);
    const ruls = res.json().items.map((e: { prediction: { rul: number } }) => e.prediction.rul);
    expect(ruls[0]).toBe(15);
    expect(ruls.every((r: number) => r >= 13.5 && r <= 20)).toBe(true);
  });

  it('rejects a reversed or empty range and bounds that are not finite numbers, naming the field', async () => {
    for (const [query, field] of [
      ['rulMin=50&rulMax=25', 'rulMin'],
      ['rulMin=25&rulMax=25', 'rulMin'],
      ['rulMin=abc', 'rulMin'],
      ['rulMax=Infinity', 'rulMax'],
      ['rulMin=NaN', 'rulMin'],
    ]) {
      const res = await get(query as string);
      expect(res.statusCode, query).toBe(400);
      expectErrorShape(res.json(), 400);
      expect(res.json().message, query).toContain(`querystring.${field}`);
    }
  });
});
