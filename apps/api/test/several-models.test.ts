// Real: the app with two bundled models (FD001 default, FD002) in ONNX Runtime, the cards' golden
// windows (real training-fleet histories), fleet storage in embedded PGlite (in memory). Faked: nothing.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUNDLED_MODELS_DIR, REAL_MODEL_DIR, startApp } from './helpers/test-app.js';

const FD002_DIR = join(BUNDLED_MODELS_DIR, 'cmapss-fd002-tcn-ensemble');
interface Card {
  name: string;
  version: string;
  maxRul: number;
  golden: { input: number[][] }[];
}
const readCard = (dir: string) => JSON.parse(readFileSync(join(dir, 'model-card.json'), 'utf8')) as Card;
const FD001 = readCard(REAL_MODEL_DIR);
const FD002 = readCard(FD002_DIR);

const cycles = (card: Card, i = 0) =>
  (card.golden[i] as { input: number[][] }).input.map((row, c) => ({
    cycle: c + 1,
    settings: row.slice(0, 3),
    sensors: row.slice(3),
  }));
const text = (unit: number, card: Card) =>
  cycles(card)
    .map((c) => [unit, c.cycle, ...c.settings, ...c.sensors].join(' '))
    .join('\n');

describe('two models served at once', () => {
  let app: FastifyInstance;

  beforeAll(async () => {
    app = await startApp(
      { MODEL_DIR: REAL_MODEL_DIR, EXTRA_MODEL_DIRS: FD002_DIR, DEMO_SEED: '0' },
      { fleet: true, inMemoryStorage: true },
    );
    await app.modelRegistry.bootstrapped;
  });
  afterAll(() => app?.close());

  const predict = (payload: object, url = '/predict') => app.inject({ method: 'POST', url, payload });

  it('lists both, the MODEL_DIR one as the default, and reports both in /health', async () => {
    const served = (await app.inject({ url: '/models/served' })).json();
    expect(served.items).toEqual([
      expect.objectContaining({ name: FD001.name, version: FD001.version, default: true, conditions: 1 }),
      expect.objectContaining({ name: FD002.name, version: FD002.version, default: false, conditions: 6 }),
    ]);
    const health = (await app.inject({ url: '/health' })).json();
    expect(health.models.map((m: { name: string }) => m.name)).toEqual([FD001.name, FD002.name]);
    const active = await app.inject({ url: `/models/active?model=${FD002.name}` });
    expect(active.json()).toMatchObject({ name: FD002.name, state: 'ready' });
    expect((await app.inject({ url: '/models/active?model=nope' })).statusCode).toBe(404);
  });

  it('sends a six-condition history to the six-condition model, with a real band and no out-of-range warning', async () => {
    const res = await predict({ cycles: cycles(FD002) });
    expect(res.statusCode).toBe(200);
    const p = res.json();
    expect(p.model).toEqual({ name: FD002.name, version: FD002.version });
    const codes = p.warnings.map((w: { code: string }) => w.code);
    expect(codes).not.toContain('SETTINGS_OUT_OF_RANGE');
    expect(codes).not.toContain('READINGS_OUT_OF_RANGE');
    expect(p.interval.upper - p.interval.lower).toBeGreaterThan(0);
    const one = (await predict({ cycles: cycles(FD001) })).json();
    expect(one.model.name).toBe(FD001.name);
  });

  it('uses the model named in the body; a six-condition history on the one-condition model is flagged, never zero-width', async () => {
    const p = (await predict({ model: FD001.name, cycles: cycles(FD002) })).json();
    expect(p.model.name).toBe(FD001.name);
    expect(p.warnings.map((w: { code: string }) => w.code)).toContain('SETTINGS_OUT_OF_RANGE');
    expect(p.interval).toMatchObject({ lower: 0, upper: FD001.maxRul });
    const refused = await app.inject({
      method: 'POST',
      url: '/predict?strict=true',
      payload: { model: FD001.name, cycles: cycles(FD002) },
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().code).toBe('OUT_OF_DISTRIBUTION');
  });

  it('refuses a model no one serves, naming the field', async () => {
    const res = await predict({ model: 'cmapss-fd009', cycles: cycles(FD001) });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({
      code: 'UNKNOWN_MODEL',
      message: `body.model: no model named 'cmapss-fd009' is served (served: ${FD001.name}, ${FD002.name})`,
    });
    const bad = await predict({ model: 'bad name', cycles: cycles(FD001) });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toMatch(/body\/model|body\.model/);
  });

  it('routes each engine of a batch, and takes a model per engine or per request', async () => {
    const batch = await predict(
      {
        engines: [
          { unit: 'a', cycles: cycles(FD001) },
          { unit: 'b', cycles: cycles(FD002) },
          { unit: 'c', model: FD002.name, cycles: cycles(FD002, 1) },
        ],
      },
      '/predict/batch',
    );
    expect(batch.statusCode).toBe(200);
    expect(batch.json().predictions.map((p: { model: { name: string } }) => p.model.name)).toEqual([
      FD001.name,
      FD002.name,
      FD002.name,
    ]);
    const unknown = await predict(
      { engines: [{ cycles: cycles(FD001) }, { model: 'x9', cycles: cycles(FD001) }] },
      '/predict/batch',
    );
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().message).toMatch(/^body\.engines\[1\]\.model: no model named 'x9'/);
    const plain = await app.inject({
      method: 'POST',
      url: `/predict/batch?model=${FD002.name}`,
      headers: { 'content-type': 'text/plain' },
      payload: `${text(1, FD001)}\n${text(2, FD002)}`,
    });
    expect(plain.statusCode).toBe(200);
    expect(plain.json().predictions.map((p: { model: { name: string } }) => p.model.name)).toEqual([
      FD002.name,
      FD002.name,
    ]);
  });

  it('serves each model under its own name in the Open Inference Protocol', async () => {
    const meta = await app.inject({ url: `/v2/models/${FD002.name}` });
    expect(meta.json()).toMatchObject({ name: FD002.name, versions: [FD002.version] });
    const window = (FD002.golden[0] as { input: number[][] }).input;
    const infer = await app.inject({
      method: 'POST',
      url: `/v2/models/${FD002.name}/infer`,
      payload: {
        inputs: [{ name: 'readings', datatype: 'FP32', shape: [1, window.length, 24], data: window.flat() }],
      },
    });
    expect(infer.statusCode).toBe(200);
    expect(infer.json()).toMatchObject({ model_name: FD002.name, model_version: FD002.version });
    const missing = await app.inject({ url: '/v2/models/nope' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error).toContain(`served: ${FD001.name}, ${FD002.name}`);
  });

  it('keeps the model each engine is judged by: chosen by fit, set at creation, changed later', async () => {
    const ingest = (id: string, card: Card, query = '') =>
      app.inject({
        method: 'POST',
        url: `/engines/${id}/telemetry${query}`,
        payload: { cycles: cycles(card) },
      });
    const fit = await ingest('SIX-1', FD002);
    expect(fit.statusCode).toBe(200);
    expect(fit.json().prediction.model.name).toBe(FD002.name);
    const pinned = await ingest('PIN-1', FD001, `?model=${FD002.name}`);
    expect(pinned.json().prediction.model.name).toBe(FD002.name);
    const engine = (await app.inject({ url: '/engines/PIN-1' })).json();
    expect(engine.engine).toMatchObject({ model: FD002.name, prediction: { modelName: FD002.name } });
    expect(engine.predictions.items[0].modelName).toBe(FD002.name);
    // A different model for an existing engine is a conflict; PUT changes it and re-predicts.
    const differs = await ingest('PIN-1', FD001, `?model=${FD001.name}`);
    expect(differs.statusCode).toBe(409);
    expect(differs.json().code).toBe('ENGINE_MODEL_DIFFERS');
    const unknown = await ingest('PIN-2', FD001, '?model=nope');
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().message).toMatch(/^querystring\.model: no model named 'nope'/);
    const changed = await app.inject({
      method: 'PUT',
      url: '/engines/PIN-1/model',
      payload: { model: null },
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({
      engine: { model: null, prediction: { modelName: FD001.name } },
      prediction: { model: { name: FD001.name } },
    });
    const byModel = (await app.inject({ url: `/engines?model=${FD002.name}` })).json();
    expect(byModel.items.map((e: { id: string }) => e.id)).toEqual(['SIX-1']);
    const summary = (await app.inject({ url: '/fleet/summary' })).json();
    expect(summary.models.map((m: { name: string }) => m.name)).toEqual([FD001.name, FD002.name]);
  });

  it('imports a file with the model its engines are judged by', async () => {
    const res = await app.inject({
      method: 'POST',
      url: `/fleet/import?prefix=IMP-&model=${FD002.name}`,
      headers: { 'content-type': 'text/plain' },
      payload: text(7, FD002),
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().engines[0].prediction.model.name).toBe(FD002.name);
    expect((await app.inject({ url: '/engines/IMP-7' })).json().engine.model).toBe(FD002.name);
  });

  it('measures input drift per model, on the engines each one judges', async () => {
    const drift = async (query: string) =>
      (await app.inject({ url: `/models/active/drift?window=10000${query}` })).json();
    // SIX-1 (by fit) and IMP-7 (assigned) are FD002's; PIN-1 went back to FD001 by fit.
    const fd002 = await drift(`&model=${FD002.name}`);
    expect(fd002).toMatchObject({ model: { name: FD002.name }, cycles: 100 });
    const fd001 = await drift('');
    expect(fd001).toMatchObject({ model: { name: FD001.name }, cycles: 50 });
    // The six-condition engines do not make the one-condition fleet's settings look like drift.
    expect(fd001.drifting).not.toContain('setting1');
    expect((await app.inject({ url: '/models/active/drift?model=nope' })).statusCode).toBe(404);
  });
  it('predicts a bulk request of engines judged by different models with one predictor call', async () => {
    const real = app.predictor;
    const calls: (string | undefined)[][] = [];
    app.predictor = {
      predict: (histories, horizons, options) => {
        calls.push(histories.map((h) => h.model));
        return real.predict(histories, horizons, options);
      },
    };
    const res = await app
      .inject({
        method: 'POST',
        url: '/fleet/telemetry',
        payload: {
          engines: [
            { id: 'BULK-FIT-1', cycles: cycles(FD001) },
            { id: 'BULK-FIT-2', cycles: cycles(FD002) },
            { id: 'BULK-PIN-2', model: FD002.name, cycles: cycles(FD001) },
          ],
        },
      })
      .finally(() => {
        app.predictor = real;
      });
    expect(res.statusCode).toBe(200);
    // By fit (its operating conditions), by fit, and by the model the new engine was given.
    expect(
      res.json().engines.map((e: { prediction: { model: { name: string } } }) => e.prediction.model.name),
    ).toEqual([FD001.name, FD002.name, FD002.name]);
    expect(calls).toEqual([[undefined, undefined, FD002.name]]);
    const summary = (await app.inject({ url: '/fleet/summary' })).json();
    const top = Math.max(FD001.maxRul, FD002.maxRul);
    expect(summary.bands.at(-1)).toMatchObject({ from: Math.floor(top / 25) * 25, to: null });
  });
});
