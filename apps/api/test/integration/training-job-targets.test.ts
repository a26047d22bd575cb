// Real: PostgreSQL + Redis and PGlite + in-process cache, ONNX Runtime (the fixture model), the app. Faked: nothing.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectErrorShape } from '../helpers/error-shape.js';
import {
  adminAuth,
  PGLITE_MEMORY,
  POSTGRES_REDIS,
  readAuth,
  reading,
  startFleetApp,
  type BackendRun,
} from './fleet-backends.js';

// Three short run-to-failure engines as C-MAPSS text (the API only checks the format).
const UPLOAD = [1, 2, 3]
  .flatMap((unit) =>
    Array.from({ length: 5 }, (_, i) => {
      const r = reading(i + 1);
      return [unit, i + 1, ...r.settings, ...r.sensors].join(' ');
    }),
  )
  .join('\n');

describe.each([POSTGRES_REDIS, PGLITE_MEMORY])(
  'training jobs name their data set and model ($name)',
  (backend) => {
    let run: BackendRun;
    let app: FastifyInstance;
    const queue = (payload: object) =>
      app.inject({ method: 'POST', url: '/training-jobs', headers: adminAuth, payload });

    beforeAll(async () => {
      run = await backend.create();
      app = await startFleetApp(run.env);
      // One engine with telemetry and a recorded failure, so fleet jobs have data.
      const cycles = Array.from({ length: 12 }, (_, i) => reading(i + 1));
      const stored = await app.inject({
        method: 'POST',
        url: '/engines/RTF-1/telemetry',
        headers: readAuth,
        payload: { cycles },
      });
      expect(stored.statusCode, stored.body).toBe(200);
      const failed = await app.inject({
        method: 'POST',
        url: '/engines/RTF-1/failure',
        headers: adminAuth,
        payload: { cycle: 12 },
      });
      expect(failed.statusCode, failed.body).toBe(200);
    });
    afterAll(async () => {
      await app?.close();
      await run?.cleanup();
    });

    it('stores subset and model as the trainer’s params and returns them in the job and the list', async () => {
      const res = await queue({
        data: 'upload',
        text: UPLOAD,
        subset: 'FD002',
        model: 'cmapss-fd002-tcn-ensemble',
        params: { epochs: 2 },
      });
      expect(res.statusCode, res.body).toBe(202);
      const job = res.json();
      expect(job).toMatchObject({
        subset: 'FD002',
        model: 'cmapss-fd002-tcn-ensemble',
        params: { epochs: 2, subset: 'FD002', name: 'cmapss-fd002-tcn-ensemble' },
        modelVersion: null,
      });
      const one = await app.inject({ url: `/training-jobs/${job.id}`, headers: readAuth });
      expect(one.json()).toMatchObject({ subset: 'FD002', model: 'cmapss-fd002-tcn-ensemble' });
      const list = await app.inject({ url: '/training-jobs', headers: readAuth });
      expect(list.json().items.find((j: { id: string }) => j.id === job.id)).toMatchObject({
        subset: 'FD002',
        model: 'cmapss-fd002-tcn-ensemble',
      });
    });

    it('accepts the same names inside params, and the same value given both ways', async () => {
      const res = await queue({
        data: 'upload',
        text: UPLOAD,
        subset: 'FD004',
        params: { subset: 'FD004', name: 'my-fleet-model' },
      });
      expect(res.statusCode, res.body).toBe(202);
      expect(res.json()).toMatchObject({ subset: 'FD004', model: 'my-fleet-model' });
    });

    it('fills in the served model’s name for fleet jobs, and leaves upload jobs to the trainer', async () => {
      const fleet = await queue({ data: 'fleet' });
      expect(fleet.statusCode, fleet.body).toBe(202);
      expect(fleet.json()).toMatchObject({
        subset: 'fleet',
        model: 'rul-fixture',
        params: { subset: 'fleet', name: 'rul-fixture' },
      });
      const named = await queue({ data: 'fleet', subset: 'line-7', model: 'line-7-rul' });
      expect(named.json()).toMatchObject({ subset: 'line-7', model: 'line-7-rul' });

      const upload = await queue({ data: 'upload', text: UPLOAD });
      expect(upload.statusCode, upload.body).toBe(202);
      expect(upload.json()).toMatchObject({ subset: 'upload', model: null, params: { subset: 'upload' } });
      expect(upload.json().params).not.toHaveProperty('name');
    });

    it.each([
      [{ subset: 'FD 002' }, 'body.subset'],
      [{ subset: 'x'.repeat(33) }, 'body.subset'],
      [{ model: '-leading-dash' }, 'body.model'],
      [{ params: { subset: '../etc' } }, 'body.params.subset'],
    ])('refuses a bad name %j naming %s', async (extra, path) => {
      const res = await queue({ data: 'fleet', ...extra });
      expect(res.statusCode).toBe(400);
      expectErrorShape(res.json(), 400);
      expect(res.json().message.startsWith(`${path} must match pattern`), res.body).toBe(true);
      expect(res.json().details[0].path).toBe(path);
    });

    it('refuses a subset or model given both ways with different values', async () => {
      const subset = await queue({ data: 'fleet', subset: 'FD001', params: { subset: 'FD002' } });
      expect(subset.statusCode).toBe(400);
      expectErrorShape(subset.json(), 400);
      expect(subset.json().message).toMatch(/^body\.subset \("FD001"\) and body\.params\.subset \("FD002"\)/);
      expect(subset.json().details[0].path).toBe('body.subset');

      const model = await queue({ data: 'fleet', model: 'a', params: { name: 'b' } });
      expect(model.statusCode).toBe(400);
      expect(model.json().message).toMatch(/^body\.model \("a"\) and body\.params\.name \("b"\)/);
      expect(model.json().details[0].path).toBe('body.model');
    });
  },
);
