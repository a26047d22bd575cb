/** POST /fleet/telemetry, cursor paging and RUL bands, run unchanged against each storage backend. */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FleetEvent } from '../../src/plugins/app/fleet/fleet-events.js';
import type { Predictor } from '../../src/plugins/app/predictor.js';
import { expectErrorShape } from '../helpers/error-shape.js';
import {
  adminAuth,
  readAuth,
  reading,
  startFleetApp,
  waitFor,
  type BackendRun,
  type FleetBackend,
} from './fleet-backends.js';

const cycles = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => reading(from + i));
const ndjson = (rows: unknown[]) => rows.map((r) => `${JSON.stringify(r)}\n`).join('');

interface EngineOutcome {
  id: string;
  outcome: string;
  stored: number;
  duplicates: number;
  lastCycle: number | null;
  conflicts?: number[];
  error?: { code: string; message: string; field?: string; cycle?: number };
  prediction: { rul: number; lastCycle: number; model: { name: string }; warnings: string[] } | null;
}

export function fleetBulkSuite(backend: FleetBackend): void {
  describe(`POST /fleet/telemetry on ${backend.name}`, () => {
    let run: BackendRun;
    let app: FastifyInstance;
    const bulk = (payload: unknown, query = '') =>
      app.inject({
        method: 'POST',
        url: `/fleet/telemetry${query}`,
        headers: readAuth,
        payload: payload as object,
      });
    const bulkNdjson = (text: string) =>
      app.inject({
        method: 'POST',
        url: '/fleet/telemetry',
        headers: { ...readAuth, 'content-type': 'application/x-ndjson' },
        payload: text,
      });
    const storedCycles = async (id: string) =>
      (await app.repos.telemetry.range(id, 1, 10_000)).map((r) => r.cycle);
    const historyOf = async (id: string) =>
      (await app.inject({ url: `/engines/${id}`, headers: readAuth })).json().predictions.total as number;

    /** Counts predictor calls by swapping the decorator for one that passes every call on. */
    function watchPredictor(fail = false) {
      const real = app.predictor;
      const calls: number[] = [];
      const watched: Predictor = {
        predict: async (histories, horizons, options) => {
          calls.push(histories.length);
          if (fail) throw new Error('inference worker gone');
          return real.predict(histories, horizons, options);
        },
      };
      app.predictor = watched;
      return { calls, restore: () => (app.predictor = real) };
    }

    beforeAll(async () => {
      run = await backend.create();
      app = await startFleetApp(run.env);
    });
    afterAll(async () => {
      await app?.close();
      await run?.cleanup();
    });

    it('stores many engines from JSON and re-predicts each one with a single predictor call', async () => {
      const events: FleetEvent[] = [];
      const stopListening = app.fleetEvents.listen((e) => events.push(e));
      const watch = watchPredictor();
      const res = await bulk({
        engines: [
          { id: 'B-1', cycles: cycles(1, 40) },
          { id: 'B-2', cycles: cycles(1, 5) },
          { id: 'B-3', model: 'rul-fixture', cycles: cycles(1, 31) },
        ],
      });
      watch.restore();
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body).toMatchObject({ stored: 76, duplicates: 0, conflicts: 0, rejected: 0 });
      expect(body.engines.map((e: EngineOutcome) => [e.id, e.outcome, e.stored, e.lastCycle])).toEqual([
        ['B-1', 'stored', 40, 40],
        ['B-2', 'stored', 5, 5],
        ['B-3', 'stored', 31, 31],
      ]);
      for (const e of body.engines as EngineOutcome[]) {
        expect(e.prediction).toMatchObject({ lastCycle: e.lastCycle, model: { name: 'rul-fixture' } });
        expect(await historyOf(e.id)).toBe(1);
      }
      expect(body.engines[1].prediction.warnings).toContain('SHORT_HISTORY');
      expect(watch.calls).toEqual([3]);
      expect((await app.repos.engines.get('B-3'))?.model).toBe('rul-fixture');
      // Every recorded prediction is announced, and each new engine's first status with it.
      await waitFor(() => events.filter((e) => e.type === 'prediction').length === 3);
      stopListening();
      expect(events.filter((e) => e.type === 'prediction').map((e) => e.data['engine'])).toEqual([
        'B-1',
        'B-2',
        'B-3',
      ]);
      expect(events.filter((e) => e.type === 'status').map((e) => e.data['from'])).toEqual([
        'unknown',
        'unknown',
        'unknown',
      ]);

      // The next readings of engines whose window is not all in the request: one read, one call.
      const watch2 = watchPredictor();
      const next = await bulk({
        engines: ['B-1', 'B-2', 'B-3'].map((id, i) => ({ id, cycles: [reading(41 + i * 10)] })),
      });
      watch2.restore();
      expect(next.json().engines.map((e: EngineOutcome) => e.prediction?.lastCycle)).toEqual([41, 51, 61]);
      expect(watch2.calls).toEqual([3]);
      expect(await historyOf('B-2')).toBe(2);
    });

    it('is idempotent: a resend is all duplicates, predicts nothing and records nothing', async () => {
      const watch = watchPredictor();
      const again = await bulk({
        engines: [
          { id: 'B-1', cycles: cycles(35, 41) },
          { id: 'B-2', cycles: cycles(1, 5) },
        ],
      });
      watch.restore();
      expect(again.json()).toMatchObject({ stored: 0, duplicates: 12, conflicts: 0, rejected: 0 });
      expect(again.json().engines).toEqual([
        { id: 'B-1', outcome: 'duplicate', stored: 0, duplicates: 7, lastCycle: 41, prediction: null },
        { id: 'B-2', outcome: 'duplicate', stored: 0, duplicates: 5, lastCycle: 51, prediction: null },
      ]);
      expect(watch.calls).toEqual([]);
      expect(await historyOf('B-1')).toBe(2);
    });

    it('gives every engine its own outcome, in request order, with the reason and the place', async () => {
      expect(
        (
          await app.inject({
            method: 'POST',
            url: '/engines/F-1/telemetry',
            headers: readAuth,
            payload: { cycles: cycles(1, 3) },
          })
        ).statusCode,
      ).toBe(200);
      expect(
        (
          await app.inject({
            method: 'POST',
            url: '/engines/F-1/failure',
            headers: adminAuth,
            payload: { cycle: 3 },
          })
        ).statusCode,
      ).toBe(200);
      const res = await bulk({
        engines: [
          { id: 'O-NEW', cycles: cycles(1, 2) },
          { id: 'B-1', cycles: [reading(41), reading(42, 0.5)] }, // 41 stored: same; 42 is new
          { id: 'B-2', cycles: [reading(4), reading(5, 0.5), reading(52)] },
          { id: 'F-1', cycles: [reading(4)] },
          { id: 'B-2B', model: 'rul-fixture', cycles: [reading(1)] },
          { id: 'B-1B', cycles: [reading(1), { ...reading(2), sensors: [1, 2, 3] }] },
          { id: 'O-UNK', model: 'no-such-model', cycles: [reading(1)] },
          { id: 'B-3', model: 'rul-fixture', cycles: cycles(1, 3) },
          { id: 'O-ORDER', cycles: [reading(2), reading(1)] },
        ],
      });
      expect(res.statusCode).toBe(200);
      const body = res.json();
      const engines = body.engines as EngineOutcome[];
      expect(engines.map((e) => [e.id, e.outcome, e.error?.code])).toEqual([
        ['O-NEW', 'stored', undefined],
        ['B-1', 'stored', undefined],
        ['B-2', 'conflict', 'TELEMETRY_CONFLICT'],
        ['F-1', 'rejected', 'ENGINE_FAILED'],
        ['B-2B', 'stored', undefined],
        ['B-1B', 'rejected', 'VALIDATION_ERROR'],
        ['O-UNK', 'rejected', 'UNKNOWN_MODEL'],
        ['B-3', 'duplicate', undefined],
        ['O-ORDER', 'rejected', 'NOT_INCREASING'],
      ]);
      expect(body).toMatchObject({ stored: 4, duplicates: 4, conflicts: 1, rejected: 4 });
      expect(engines[1]).toMatchObject({ stored: 1, duplicates: 1, lastCycle: 42 });
      expect(engines[2]).toMatchObject({ conflicts: [5], lastCycle: null, prediction: null });
      expect(engines[2]?.error).toMatchObject({ field: 'body.engines[2].cycles[1]', cycle: 5 });
      expect(engines[3]?.error?.message).toMatch(/^body\.engines\[3\]: engine 'F-1' failed at cycle 3/);
      expect(engines[5]?.error).toEqual({
        code: 'VALIDATION_ERROR',
        message: 'body.engines[5].cycles[1].sensors must NOT have fewer than 21 items',
        field: 'body.engines[5].cycles[1].sensors',
        cycle: 2,
      });
      expect(engines[6]?.error).toMatchObject({ field: 'body.engines[6].model' });
      expect(engines[6]?.error?.message).toMatch(
        /^body\.engines\[6\]\.model: no model named 'no-such-model'/,
      );
      expect(engines[8]?.error?.field).toBe('body.engines[8].cycles[1].cycle');
      // A conflicting or rejected engine stores nothing; the others are stored regardless.
      expect(await storedCycles('B-2')).toEqual([1, 2, 3, 4, 5, 51]);
      expect(await storedCycles('F-1')).toEqual([1, 2, 3]);
      for (const id of ['B-1B', 'O-UNK', 'O-ORDER']) expect(await app.repos.engines.get(id)).toBeNull();
      expect(await storedCycles('O-NEW')).toEqual([1, 2]);

      // An existing engine judged by fit, sent with a model name, keeps its model and stores nothing.
      const differs = await bulk({ engines: [{ id: 'O-NEW', cycles: [reading(3)] }] }, '?model=rul-fixture');
      expect(differs.json().engines[0].error).toMatchObject({
        code: 'ENGINE_MODEL_DIFFERS',
        field: 'querystring.model',
      });
      expect(differs.json().engines[0].error.message).toContain('PUT /engines/O-NEW/model');
      expect(await storedCycles('O-NEW')).toEqual([1, 2]);
      const unknown = await bulk({ engines: [{ id: 'O-Q', cycles: [reading(1)] }] }, '?model=nope');
      expect(unknown.statusCode).toBe(422);
      expect(unknown.json()).toMatchObject({ code: 'UNKNOWN_MODEL' });
      expect(unknown.json().message).toMatch(/^querystring\.model: no model named 'nope'/);
    });

    it('refuses a body it cannot read as a whole, naming the field, and stores nothing', async () => {
      const cases: [unknown, string, RegExp][] = [
        [[1, 2], 'VALIDATION_ERROR', /^body must be object/],
        [{ cycles: [] }, 'VALIDATION_ERROR', /^body\.engines is required/],
        [{ engines: [{ cycles: [reading(1)] }] }, 'VALIDATION_ERROR', /^body\.engines\[0\]\.id is required/],
        [{ engines: [] }, 'VALIDATION_ERROR', /^body\.engines must NOT have fewer than 1 items/],
        [
          {
            engines: [
              { id: 'D-1', cycles: [reading(1)] },
              { id: 'D-2', cycles: [reading(1)] },
              { id: 'D-1', cycles: [reading(2)] },
            ],
          },
          'DUPLICATE_ENGINE',
          /^body\.engines\[2\]\.id: engine 'D-1' is also at body\.engines\[0\]\.id/,
        ],
      ];
      for (const [payload, code, message] of cases) {
        const res = await bulk(payload);
        expect(res.statusCode, JSON.stringify(payload)).toBe(400);
        expectErrorShape(res.json(), 400);
        expect(res.json().code).toBe(code);
        expect(res.json().message).toMatch(message);
      }
      expect(await app.repos.engines.get('D-2')).toBeNull();
    });

    it('reads NDJSON, grouped per engine, and names the line at fault', async () => {
      const res = await bulkNdjson(
        ndjson([
          { id: 'N-1', ...reading(1) },
          { id: 'N-2', model: 'rul-fixture', ...reading(7) },
          { id: 'N-1', ...reading(2) },
          { id: 'N-3', ...reading(1) },
          { id: 'N-3', ...reading(2), settings: [0, 0] },
        ]),
      );
      expect(res.statusCode).toBe(200);
      const engines = res.json().engines as EngineOutcome[];
      expect(engines.map((e) => [e.id, e.outcome, e.stored])).toEqual([
        ['N-1', 'stored', 2],
        ['N-2', 'stored', 1],
        ['N-3', 'rejected', 0],
      ]);
      expect(engines[0]?.prediction?.lastCycle).toBe(2);
      expect(engines[2]?.error).toEqual({
        code: 'VALIDATION_ERROR',
        message: 'line 5: settings must NOT have fewer than 3 items',
        field: 'line 5',
        cycle: 2,
      });
      expect(await app.repos.engines.get('N-3')).toBeNull();
      expect((await app.repos.engines.get('N-2'))?.model).toBe('rul-fixture');

      const bad = await bulkNdjson(`${ndjson([{ id: 'N-4', ...reading(1) }])}{"id":"N-4","cycle":2,\n`);
      expect(bad.statusCode).toBe(400);
      expectErrorShape(bad.json(), 400);
      expect(bad.json()).toMatchObject({ code: 'MALFORMED_LINE', details: [{ path: 'line 2', line: 2 }] });
      expect(bad.json().message).toMatch(/^line 2: not valid JSON/);
      const noId = await bulkNdjson(ndjson([{ id: 'N-4', ...reading(1) }, reading(2)]));
      expect(noId.json().message).toMatch(/^line 2: id must be a string/);
      expect(await app.repos.engines.get('N-4')).toBeNull();
    });

    it('acknowledges stored readings even when the prediction after COMMIT fails', async () => {
      const watch = watchPredictor(true);
      const res = await bulk({
        engines: [
          { id: 'P-1', cycles: cycles(1, 3) },
          { id: 'P-2', cycles: cycles(1, 2) },
        ],
      });
      watch.restore();
      expect(res.statusCode).toBe(200);
      expect(res.json().engines.map((e: EngineOutcome) => [e.outcome, e.stored, e.prediction])).toEqual([
        ['stored', 3, null],
        ['stored', 2, null],
      ]);
      expect(watch.calls).toEqual([2]);
      expect(await storedCycles('P-1')).toEqual([1, 2, 3]);
      expect(await historyOf('P-1')).toBe(0);
      // The next readings predict again.
      const next = await bulk({ engines: [{ id: 'P-1', cycles: [reading(4)] }] });
      expect(next.json().engines[0].prediction.lastCycle).toBe(4);
    });

    it('counts cycles by outcome and reports telemetry requests in flight', async () => {
      const metrics = (await app.inject({ url: '/metrics' })).body;
      expect(metrics).toMatch(/^rul_ingest_inflight_requests 0$/m);
      const stored = Number(/^rul_telemetry_cycles_total\{outcome="stored"\} (\d+)$/m.exec(metrics)?.[1]);
      await bulk({ engines: [{ id: 'M-1', cycles: cycles(1, 4) }] });
      const after = (await app.inject({ url: '/metrics' })).body;
      expect(Number(/^rul_telemetry_cycles_total\{outcome="stored"\} (\d+)$/m.exec(after)?.[1])).toBe(
        stored + 4,
      );
    });

    it('pages GET /engines by cursor, sorted by RUL, without repeats or gaps', async () => {
      const all = (await app.inject({ url: '/engines?sort=rul&limit=1000', headers: readAuth })).json();
      expect(all.nextCursor).toBeNull();
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const url: string = `/engines?sort=rul&limit=3${cursor ? `&cursor=${cursor}` : ''}`;
        const page = (await app.inject({ url, headers: readAuth })).json();
        expect(page.total).toBe(all.total);
        seen.push(...page.items.map((e: { id: string }) => e.id));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen).toEqual(all.items.map((e: { id: string }) => e.id));
      expect(new Set(seen).size).toBe(all.total);

      const first = (await app.inject({ url: '/engines?sort=rul&limit=2', headers: readAuth })).json();
      const other = await app.inject({
        url: `/engines?sort=id&limit=2&cursor=${first.nextCursor}`,
        headers: readAuth,
      });
      expect(other.statusCode).toBe(400);
      expectErrorShape(other.json(), 400);
      expect(other.json().message).toMatch(/^querystring\.cursor: cursor was made for sort 'rul' asc/);
      expect(other.json().details[0].path).toBe('querystring.cursor');
      const junk = await app.inject({ url: '/engines?cursor=a.b', headers: readAuth });
      expect(junk.json().message).toMatch(/^querystring\.cursor must match pattern/);
    });

    it('counts judged engines per remaining-life band in /fleet/summary', async () => {
      const summary = (await app.inject({ url: '/fleet/summary', headers: readAuth })).json();
      // FLEET_RUL_BAND_WIDTH 25 up to the fixture model's maxRul of 125; the last band is open.
      expect(summary.bands.map((b: { from: number; to: number | null }) => [b.from, b.to])).toEqual([
        [0, 25],
        [25, 50],
        [50, 75],
        [75, 100],
        [100, 125],
        [125, null],
      ]);
      const banded = summary.bands.reduce((n: number, b: { count: number }) => n + b.count, 0);
      expect(banded).toBe(summary.counts.healthy + summary.counts.warning + summary.counts.critical);
      expect(banded).toBeGreaterThan(5);
    });

    it('maintains storage on this backend (partitions on PostgreSQL, nothing to do on PGlite)', async () => {
      const report = await app.storageMaintenance.run();
      expect(report).toMatchObject({ dropped: [], keptRows: 0 });
    });
  });
}
