// Real: embedded PGlite (temp folder), in-process cache, ONNX Runtime, HTTP. Faked: nothing (model variants are edited copies of the fixture).
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectErrorShape } from './helpers/error-shape.js';
import {
  adminAuth,
  fixtureModel,
  PGLITE_MEMORY,
  readAuth,
  reading,
  startFleetApp,
  type BackendRun,
} from './integration/fleet-backends.js';

type Card = Record<string, unknown> & {
  version: string;
  onnx: Record<string, unknown>;
  golden: { input: number[][]; output: { rul_median: number; rul_quantiles: number[] } }[];
  outputs: { quantileLevels: number[] };
};

describe('model registry and hot swap', () => {
  let run: BackendRun;
  let app: FastifyInstance;
  let base: { card: Card; onnx: Buffer };
  const variant = (version: string, edit: (card: Card) => void = () => undefined) => {
    const card = structuredClone(base.card);
    card.version = version;
    edit(card);
    return card;
  };
  const upload = (card: unknown, onnx: Buffer = base.onnx, headers = adminAuth) =>
    app.inject({ method: 'POST', url: '/models', headers, payload: { card, onnx: onnx.toString('base64') } });

  beforeAll(async () => {
    run = await PGLITE_MEMORY.create();
    app = await startFleetApp({ ...run.env, AUTO_PROMOTE: 'true' });
    base = (await fixtureModel()) as { card: Card; onnx: Buffer };
  });
  afterAll(async () => {
    await app?.close();
    await run?.cleanup();
  });

  it('rejects uploads that ONNX Runtime cannot load, whose shapes disagree with the card, or whose golden examples fail', async () => {
    const garbage = await upload(
      variant('bad-onnx', (c) => delete c.onnx['sha256']),
      Buffer.from('not an onnx graph'),
    );
    expect(garbage.statusCode).toBe(422);
    expectErrorShape(garbage.json(), 422);
    expect(garbage.json().message).toMatch(/ONNX Runtime could not load/);

    const sha = await upload(variant('bad-sha'), Buffer.concat([base.onnx, Buffer.from([0])]));
    expect(sha.statusCode).toBe(422);
    expect(sha.json().message).toMatch(/hash to/);

    // The card promises 5 quantiles; the graph returns 7.
    const shape = await upload(
      variant('bad-shape', (c) => {
        c.outputs.quantileLevels = [0.1, 0.25, 0.5, 0.75, 0.9];
        for (const g of c.golden) g.output.rul_quantiles = g.output.rul_quantiles.slice(0, 5);
      }),
    );
    expect(shape.statusCode).toBe(422);
    expect(shape.json().message).toMatch(/rul_quantiles has shape \[\d+, 7\], the card implies \[\d+, 5\]/);

    // The card says window 20; the graph takes 30 cycles.
    const window = await upload(
      variant('bad-window', (c) => {
        c.window = 20;
        for (const g of c.golden) g.input = g.input.slice(0, 20);
      }),
    );
    expect(window.statusCode).toBe(422);
    expect(window.json().message).toMatch(/golden examples failed/);

    const golden = await upload(
      variant('bad-golden', (c) => void ((c.golden[0] as Card['golden'][0]).output.rul_median += 1)),
    );
    expect(golden.statusCode).toBe(422);
    expect(golden.json().message).toMatch(/golden check failed.*golden\[0\]\.rul_median/);

    const invalidCard = await upload({ version: 'x' });
    expect(invalidCard.statusCode).toBe(422);
    expect((await upload(variant('0.0.1-test'))).statusCode).toBe(409);
    expect((await upload(variant('by-reader'), base.onnx, readAuth)).statusCode).toBe(403);

    const models = (await app.inject({ url: '/models', headers: readAuth })).json().items;
    expect(models.map((m: { version: string }) => m.version)).toEqual(['0.0.1-test']);
  });

  it('switches models under load without failing a request, and rolls back', async () => {
    const registered = await upload(variant('0.0.2-test'));
    expect(registered.statusCode).toBe(201);
    expect(registered.json()).toMatchObject({ version: '0.0.2-test', status: 'staged', serving: false });

    const cycles = Array.from({ length: 30 }, (_, i) => reading(i + 1));
    const statuses: number[] = [];
    const versions: string[] = [];
    let stop = false;
    const load = async () => {
      while (!stop) {
        const res = await app.inject({
          method: 'POST',
          url: '/predict',
          headers: readAuth,
          payload: { cycles },
        });
        statuses.push(res.statusCode);
        if (res.statusCode === 200) versions.push(res.json().model.version);
      }
    };
    const clients = Array.from({ length: 8 }, load);
    try {
      await new Promise((r) => setTimeout(r, 300));
      const activated = await app.inject({
        method: 'POST',
        url: '/models/0.0.2-test/activate',
        headers: adminAuth,
      });
      expect(activated.statusCode).toBe(200);
      expect(activated.json()).toEqual({
        name: 'rul-fixture',
        version: '0.0.2-test',
        previousVersion: '0.0.1-test',
      });
      await new Promise((r) => setTimeout(r, 300));
      const rolledBack = await app.inject({
        method: 'POST',
        url: '/models/rollback?reason=test',
        headers: adminAuth,
      });
      expect(rolledBack.json()).toEqual({
        name: 'rul-fixture',
        version: '0.0.1-test',
        previousVersion: '0.0.2-test',
      });
      await new Promise((r) => setTimeout(r, 300));
    } finally {
      stop = true;
      await Promise.all(clients);
    }

    expect(statuses.length).toBeGreaterThan(50);
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    const switched = versions.indexOf('0.0.2-test');
    expect(switched).toBeGreaterThan(0);
    expect(versions.at(-1)).toBe('0.0.1-test');
    expect((await app.inject({ url: '/models/active', headers: readAuth })).json().version).toBe(
      '0.0.1-test',
    );
    const metrics = (await app.inject({ url: '/metrics' })).body;
    expect(metrics).toMatch(/^rul_model_info\{name="rul-fixture",version="0\.0\.1-test"\} 1$/m);
    expect(metrics).not.toMatch(/rul_model_info\{[^}]*0\.0\.2-test/);
  });

  it('picks up an activation made elsewhere (another replica, the worker) by polling', async () => {
    await app.repos.models.activate('0.0.2-test', { actor: 'elsewhere' });
    const deadline = Date.now() + 10_000;
    while (app.model.card?.version !== '0.0.2-test' && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(app.model.card?.version).toBe('0.0.2-test');
    const detail = await app.inject({ url: '/models/0.0.2-test', headers: readAuth });
    expect(detail.json()).toMatchObject({ status: 'active', serving: true, card: { version: '0.0.2-test' } });
    expect(detail.json().card.golden).toBeUndefined();
  });

  it('auto-promotes a trained model only when its validation RMSE beats the active one', async () => {
    const withRmse = (version: string, rmse: number) =>
      variant(version, (c) => {
        c['metrics'] = { validation: { rmse } };
      });
    expect((await upload(withRmse('base-rmse-10', 10))).statusCode).toBe(201);
    const act = await app.inject({
      method: 'POST',
      url: '/models/base-rmse-10/activate',
      headers: adminAuth,
    });
    expect(act.statusCode).toBe(200);

    // What the Python worker does: claim, register the trained model as staged, complete with metrics.
    const train = async (version: string, rmse: number) => {
      const job = await app.repos.trainingJobs.enqueue({ dataSource: 'upload', dataText: '1 1 0 0 100' });
      const claimed = await app.repos.trainingJobs.claimNext('test-worker');
      expect(claimed?.id).toBe(job.id);
      await app.repos.models.register({
        version,
        name: 'rul-fixture',
        card: withRmse(version, rmse),
        onnx: base.onnx,
      });
      await app.repos.trainingJobs.complete(job.id, 'test-worker', {
        metrics: { validation: { rmse } },
        modelVersion: version,
      });
    };
    await train('worse-rmse-20', 20);
    await train('better-rmse-5', 5);
    const deadline = Date.now() + 10_000;
    while (app.model.card?.version !== 'better-rmse-5' && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(app.model.card?.version).toBe('better-rmse-5');
    expect((await app.repos.models.get('worse-rmse-20'))?.status).toBe('staged');
    const metrics = (await app.inject({ url: '/metrics' })).body;
    expect(metrics).toMatch(/^rul_training_jobs_total\{status="succeeded"\} 2$/m);
  });
});
