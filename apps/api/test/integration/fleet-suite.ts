/** The fleet HTTP suite, run unchanged against each storage backend (see fleet-*.test.ts). */
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectErrorShape } from '../helpers/error-shape.js';
import {
  adminAuth,
  openEventStream,
  readAuth,
  reading,
  startFleetApp,
  waitFor,
  type BackendRun,
  type FleetBackend,
} from './fleet-backends.js';

const line = (unit: number, c: number, bump = 0) => {
  const r = reading(c, bump);
  return [unit, c, ...r.settings, ...r.sensors].join(' ');
};

export function fleetSuite(backend: FleetBackend): void {
  describe(`fleet routes on ${backend.name}`, () => {
    let run: BackendRun;
    let app: FastifyInstance;
    const post = (url: string, payload: unknown, headers: Record<string, string> = readAuth) =>
      app.inject({ method: 'POST', url, headers, payload: payload as object });

    beforeAll(async () => {
      run = await backend.create();
      app = await startFleetApp(run.env);
    });
    afterAll(async () => {
      await app?.close();
      await run?.cleanup();
    });

    it('reports the storage dependencies in readiness', async () => {
      const res = await app.inject({ url: '/health/ready' });
      expect(res.statusCode).toBe(200);
      const names = res.json().checks.map((c: { name: string }) => c.name);
      expect(names).toContain('database');
      if (backend.name === 'postgres+redis') expect(names).toContain('redis');
    });

    it('ingests, predicts, and is idempotent per (engine, cycle)', async () => {
      const cycles = Array.from({ length: 40 }, (_, i) => reading(i + 1));
      const first = await post('/engines/E-1/telemetry', { cycles });
      expect(first.statusCode).toBe(200);
      const body = first.json();
      expect(body).toMatchObject({ engine: { id: 'E-1', lastCycle: 40 }, stored: 40, duplicates: 0 });
      expect(body.prediction).toMatchObject({ unit: 'E-1', lastCycle: 40, model: { version: '0.0.1-test' } });

      const again = await post('/engines/E-1/telemetry', { cycles: cycles.slice(30) });
      expect(again.json()).toMatchObject({ stored: 0, duplicates: 10 });

      const changed = await post('/engines/E-1/telemetry', {
        cycles: [reading(39), reading(40, 0.5), reading(41)],
      });
      expect(changed.statusCode).toBe(409);
      expectErrorShape(changed.json(), 409);
      expect(changed.json()).toMatchObject({ code: 'TELEMETRY_CONFLICT' });
      expect(changed.json().message).toContain('cycles 40');
      // Nothing from the conflicting request was stored (cycle 41 included).
      const detail = await app.inject({ url: '/engines/E-1', headers: readAuth });
      expect(detail.json().engine.lastCycle).toBe(40);
      expect(detail.json().predictions.total).toBe(1);
    });

    it('accepts raw C-MAPSS text for one engine and names the bad line', async () => {
      const text = [1, 2, 3].map((c) => line(7, c)).join('\n');
      const ok = await app.inject({
        method: 'POST',
        url: '/engines/E-TXT/telemetry',
        headers: { ...readAuth, 'content-type': 'text/plain' },
        payload: text,
      });
      expect(ok.statusCode).toBe(200);
      expect(ok.json().stored).toBe(3);
      const bad = await app.inject({
        method: 'POST',
        url: '/engines/E-TXT/telemetry',
        headers: { ...readAuth, 'content-type': 'text/plain' },
        payload: `${line(7, 4)}\n${line(7, 5).replace(/ [^ ]+$/, ' nan')}`,
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().message).toMatch(/^line 2 column 26: non-finite value 'nan'/);
      const json = await post('/engines/E-TXT/telemetry', { cycles: [{ ...reading(9), sensors: [1, 2] }] });
      expect(json.statusCode).toBe(400);
      expect(json.json().message).toContain('body.cycles[0].sensors');
    });

    it('takes the text rows of one unit only, and names the second unit', async () => {
      const text = (payload: string) =>
        app.inject({
          method: 'POST',
          url: '/engines/E-UNITS/telemetry',
          headers: { ...readAuth, 'content-type': 'text/plain' },
          payload,
        });
      const two = await text([line(1, 1), line(2, 1)].join('\n'));
      expect(two.statusCode).toBe(400);
      expect(two.json()).toMatchObject({
        code: 'MULTIPLE_UNITS',
        message: "line 2: unit 2 differs from unit 1; send one engine's rows per request",
        details: [{ path: 'line 2', line: 2, message: 'second unit in a single-engine request' }],
      });
      const three = await text([line(1, 1), line(2, 1), line(3, 1)].join('\n'));
      expect(three.json()).toEqual({
        statusCode: 400,
        code: 'MULTIPLE_UNITS',
        message: 'text/plain telemetry must hold the rows of one unit only',
      });
      // A problem found before the third unit is reported as itself.
      const badFirst = await text([line(1, 1), 'x', line(2, 1), line(3, 1)].join('\n'));
      expect(badFirst.json()).toMatchObject({ code: 'MALFORMED_LINE', details: [{ line: 2 }, { line: 4 }] });
      expect(await app.repos.engines.get('E-UNITS')).toBeNull();
    });

    it('loses and duplicates nothing under concurrent writers', async () => {
      // 4 engines x 6 writers each, overlapping cycle ranges sent at once.
      const requests = [];
      for (let e = 0; e < 4; e++) {
        for (let w = 0; w < 6; w++) {
          const start = w * 10 + 1;
          const cycles = Array.from({ length: 20 }, (_, i) => reading(start + i));
          requests.push(post(`/engines/BURST-${e}/telemetry`, { cycles }));
        }
      }
      const responses = await Promise.all(requests);
      expect(responses.map((r) => r.statusCode)).toEqual(responses.map(() => 200));
      for (let e = 0; e < 4; e++) {
        const mine = responses.slice(e * 6, e * 6 + 6).map((r) => r.json());
        expect(mine.reduce((n, b) => n + b.stored, 0)).toBe(70); // cycles 1..70, each stored once
        expect(mine.reduce((n, b) => n + b.stored + b.duplicates, 0)).toBe(120);
        expect(await app.repos.telemetry.count(`BURST-${e}`)).toBe(70);
      }
    });

    it('lists, filters, sorts and pages engines; reads telemetry ranges', async () => {
      const list = await app.inject({
        url: '/engines?name=burst&sort=id&order=desc&limit=2',
        headers: readAuth,
      });
      expect(list.statusCode).toBe(200);
      const page = list.json();
      expect(page.total).toBe(4);
      expect(page.items.map((e: { id: string }) => e.id)).toEqual(['BURST-3', 'BURST-2']);
      expect(page.items[0]).toMatchObject({
        lastCycle: 70,
        prediction: { cycle: 70, modelVersion: '0.0.1-test' },
      });
      expect(['healthy', 'warning', 'critical']).toContain(page.items[0].status);
      const byStatus = await app.inject({ url: '/engines?status=failed', headers: readAuth });
      expect(byStatus.json().total).toBe(0);
      // Query-string integers: bounds and types come from the schema, each error names the parameter.
      for (const [query, message] of [
        ['limit=0', 'querystring.limit must be >= 1'],
        ['limit=1001', 'querystring.limit must be <= 1000'],
        ['limit=ten', 'querystring.limit must be integer'],
        ['limit=2.5', 'querystring.limit must be integer'],
        ['offset=-1', 'querystring.offset must be >= 0'],
        ['limit=', 'querystring.limit must be integer'],
      ] as const) {
        const bad = await app.inject({ url: `/engines?${query}`, headers: readAuth });
        expect(bad.statusCode, query).toBe(400);
        expect(bad.json(), query).toMatchObject({ code: 'VALIDATION_ERROR', message });
      }
      const defaults = (await app.inject({ url: '/engines', headers: readAuth })).json();
      expect(defaults).toMatchObject({ limit: 50, offset: 0 });
      const paged = (
        await app.inject({ url: '/engines?sort=id&limit=1&offset=1', headers: readAuth })
      ).json();
      expect(paged).toMatchObject({ limit: 1, offset: 1 });
      expect(paged.items).toHaveLength(1);
      const badTo = await app.inject({ url: '/engines/E-1/telemetry?to=x', headers: readAuth });
      expect(badTo.json()).toMatchObject({ statusCode: 400, message: 'querystring.to must be integer' });
      const range = await app.inject({ url: '/engines/E-1/telemetry?from=5&to=7', headers: readAuth });
      expect(range.json().cycles.map((c: { cycle: number }) => c.cycle)).toEqual([5, 6, 7]);
      expect(range.json().cycles[0].sensors).toEqual(reading(5).sensors);
      expect((await app.inject({ url: '/engines/NOPE', headers: readAuth })).statusCode).toBe(404);
    });

    it('records failures and deletes engines with the admin scope only', async () => {
      const asReader = await post('/engines/BURST-0/failure', { cycle: 71 });
      expect(asReader.statusCode).toBe(403);
      // Bodies are never coerced: only the query string turns digit strings into numbers.
      const asString = await post('/engines/BURST-0/failure', { cycle: '71' }, adminAuth);
      expect(asString.json()).toMatchObject({ statusCode: 400, message: 'body.cycle must be integer' });
      const failed = await post('/engines/BURST-0/failure', { cycle: 71 }, adminAuth);
      expect(failed.statusCode).toBe(200);
      expect(failed.json().engine).toMatchObject({ status: 'failed', failedAtCycle: 71 });
      const more = await post('/engines/BURST-0/telemetry', { cycles: [reading(72)] });
      expect(more.statusCode).toBe(409);
      expect(more.json().code).toBe('ENGINE_FAILED');
      const metrics = await app.inject({ url: '/metrics' });
      expect(metrics.body).toMatch(/^rul_engine_failures_total 1$/m);
      expect(metrics.body).toMatch(/^rul_telemetry_cycles_total\{outcome="conflict"\} 1$/m);
      expect(metrics.body).toMatch(/^rul_engines\{status="(healthy|warning|critical)"\} \d+$/m);

      expect(
        (await app.inject({ method: 'DELETE', url: '/engines/BURST-3', headers: readAuth })).statusCode,
      ).toBe(403);
      expect((await app.inject({ method: 'DELETE', url: '/engines/BURST-3' })).statusCode).toBe(401);
      expect(
        (await app.inject({ method: 'DELETE', url: '/engines/BURST-3', headers: adminAuth })).statusCode,
      ).toBe(204);
      expect((await app.inject({ url: '/engines/BURST-3', headers: readAuth })).statusCode).toBe(404);
    });

    it('imports a C-MAPSS file as engines and summarises the fleet', async () => {
      const text = [1, 2].flatMap((u) => Array.from({ length: 35 }, (_, i) => line(u, i + 1))).join('\n');
      const res = await app.inject({
        method: 'POST',
        url: '/fleet/import?prefix=IMP-',
        headers: { ...adminAuth, 'content-type': 'text/plain' },
        payload: text,
      });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ stored: 70, duplicates: 0 });
      expect(res.json().engines.map((e: { id: string }) => e.id)).toEqual(['IMP-1', 'IMP-2']);
      const summary = (await app.inject({ url: '/fleet/summary', headers: readAuth })).json();
      expect(summary.counts.failed).toBe(1);
      expect(summary.total).toBe(7); // E-1, E-TXT, BURST-0..2, IMP-1, IMP-2
      expect(summary.model).toMatchObject({ version: '0.0.1-test', state: 'ready' });
      expect(typeof summary.minRul).toBe('number');
    });

    it('compares recent telemetry with the training statistics (drift)', async () => {
      const res = await app.inject({ url: '/models/active/drift?window=500', headers: readAuth });
      expect(res.statusCode).toBe(200);
      const drift = res.json();
      expect(drift.channels).toHaveLength(24);
      expect(drift.cycles).toBeGreaterThan(100);
      const t2 = drift.channels[3];
      expect(t2.score).toBeGreaterThanOrEqual(0);
      expect(t2.flagged).toBe(t2.score > drift.threshold);
      const metrics = await app.inject({ url: '/metrics' });
      expect(metrics.body).toMatch(/^rul_input_drift_score\{channel="\w+"\} [\d.e+-]+$/m);
    });

    it('queues training jobs on fleet or uploaded data', async () => {
      const bad = await post('/training-jobs', { data: 'upload', text: 'not c-mapss' }, adminAuth);
      expect(bad.statusCode).toBe(400);
      expect(bad.json().message).toMatch(/^line 1/);
      expect((await post('/training-jobs', { data: 'fleet' })).statusCode).toBe(403);
      const job = await post(
        '/training-jobs',
        { data: 'fleet', params: { epochs: 2, seeds: [0] } },
        adminAuth,
      );
      expect(job.statusCode).toBe(202);
      expect(job.json()).toMatchObject({ status: 'queued', data: 'fleet', params: { epochs: 2 } });
      const one = await app.inject({ url: `/training-jobs/${job.json().id}`, headers: readAuth });
      expect(one.json().id).toBe(job.json().id);
      const list = await app.inject({ url: '/training-jobs?status=queued', headers: readAuth });
      expect(list.json().items).toHaveLength(1);
    });

    it('lists the registered bundled model as active and serving', async () => {
      const res = await app.inject({ url: '/models', headers: readAuth });
      expect(res.json().items).toEqual([
        expect.objectContaining({ version: '0.0.1-test', status: 'active', serving: true }),
      ]);
      const active = await app.inject({ url: '/models/active', headers: readAuth });
      expect(active.json().version).toBe('0.0.1-test');
    });

    it('streams prediction events over SSE from a real socket', async () => {
      await app.listen({ port: 0, host: '127.0.0.1' });
      const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
      const stream = await openEventStream(`${base}/events?types=prediction,status`, readAuth);
      try {
        expect(stream.status).toBe(200);
        expect(stream.contentType).toContain('text/event-stream');
        await waitFor(() => stream.text.includes(': connected'));
        const res = await fetch(`${base}/engines/SSE-1/telemetry`, {
          method: 'POST',
          headers: { ...readAuth, 'content-type': 'application/json' },
          body: JSON.stringify({ cycles: [reading(1), reading(2)] }),
        });
        expect(res.status).toBe(200);
        await waitFor(
          () => stream.text.includes('"engine":"SSE-1"') && stream.text.includes('event: status'),
        );
        expect(stream.text).toMatch(
          /event: prediction\ndata: \{"type":"prediction","data":\{"engine":"SSE-1"/,
        );
      } finally {
        stream.close();
      }
    });
    it('flags an engine whose history the model cannot judge, and clears the flag once it can', async () => {
      // Flown at 35,000 ft: the fixture model knows only sea level.
      const aloft = Array.from({ length: 30 }, (_, i) => ({
        ...reading(i + 1),
        settings: [35.0019, 0.8404, 100],
      }));
      const res = await post('/engines/OOD-1/telemetry', { cycles: aloft });
      expect(res.statusCode).toBe(200);
      expect(res.json().prediction.warnings.map((w: { code: string }) => w.code)).toEqual([
        'SETTINGS_OUT_OF_RANGE',
      ]);
      expect(res.json().prediction.interval).toMatchObject({ lower: 0, upper: 125 });
      // Whatever RUL the model gave, the fleet does not know this engine's health.
      expect(res.json().engine.status).toBe('unknown');
      const listed = (await app.inject({ url: '/engines?name=OOD-', headers: readAuth })).json();
      expect(listed.items[0]).toMatchObject({
        status: 'unknown',
        prediction: { warnings: ['SETTINGS_OUT_OF_RANGE'] },
      });
      // Thirty cycles at sea level fill the window again: judged, unflagged; the history keeps both.
      const sea = Array.from({ length: 30 }, (_, i) => reading(i + 31));
      const judged = await post('/engines/OOD-1/telemetry', { cycles: sea });
      expect(judged.json().prediction.warnings).toEqual([]);
      expect(judged.json().engine.status).not.toBe('unknown');
      const detail = (await app.inject({ url: '/engines/OOD-1', headers: readAuth })).json();
      expect(detail.engine.prediction.warnings).toEqual([]);
      expect(detail.predictions.items.map((p: { warnings: string[] }) => p.warnings)).toEqual([
        [],
        ['SETTINGS_OUT_OF_RANGE'],
      ]);
      expect(
        (await app.inject({ method: 'DELETE', url: '/engines/OOD-1', headers: adminAuth })).statusCode,
      ).toBe(204);
    });
  });
}
