// Real buildApp + ONNX Runtime on every model the repository bundles under models/ (models/default is
// the FD001 model the API loads by default; models/cmapss-fd00x-* are the other C-MAPSS fleets). The
// real-data check reads ../shared/data/cmapss/train_<subset>.txt and is skipped, loudly, when absent.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCmapssText } from '@rul/cmapss';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ABS_TOL } from '../src/plugins/app/model/golden-check.js';
import { BUNDLED_MODELS_DIR, REAL_MODEL_DIR, startApp } from './helpers/test-app.js';

const modelDirs = readdirSync(BUNDLED_MODELS_DIR, { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(BUNDLED_MODELS_DIR, d.name, 'model-card.json')))
  .map((d) => join(BUNDLED_MODELS_DIR, d.name));
const dataDir = fileURLToPath(new URL('../../../../shared/data/cmapss', import.meta.url));

interface Golden {
  input: number[][];
  output: { rul_median: number; rul_lower: number; rul_upper: number; rul_quantiles: number[] };
}
interface Card {
  name: string;
  version: string;
  window: number;
  golden: Golden[];
  data: { subset?: string };
}

it('bundles the default model and one model per C-MAPSS fleet, each named after its data', () => {
  expect(modelDirs).toContain(REAL_MODEL_DIR);
  const cards = modelDirs.map(
    (dir) => JSON.parse(readFileSync(join(dir, 'model-card.json'), 'utf8')) as Card,
  );
  expect(cards.map((c) => c.data.subset).sort()).toEqual(['FD001', 'FD002', 'FD003', 'FD004']);
  for (const card of cards) {
    expect(card.name.startsWith(`cmapss-${card.data.subset?.toLowerCase()}-`)).toBe(true);
  }
  // Every directory but the default one is named after its model.
  for (const [i, dir] of modelDirs.entries()) {
    if (dir !== REAL_MODEL_DIR) expect(dir.endsWith(`/${cards[i]?.name}`)).toBe(true);
  }
});

describe.each(modelDirs)('golden parity with %s', (modelDir) => {
  const card = JSON.parse(readFileSync(join(modelDir, 'model-card.json'), 'utf8')) as Card;
  const subset = card.data.subset ?? 'unknown';
  const dataPath = join(dataDir, `train_${subset}.txt`);
  const hasData = existsSync(dataPath);
  if (!hasData) console.warn(`real-data check of ${card.name} SKIPPED: ${dataPath} is missing`);
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await startApp({ MODEL_DIR: modelDir });
  });
  afterAll(() => app?.close());

  it('passes the golden check at load and reports ready', async () => {
    expect(app.model.state).toBe('ready');
    expect(app.model.golden).toMatchObject({ ok: true, examples: card.golden.length });
    expect((await app.inject({ method: 'GET', url: '/health/ready' })).statusCode).toBe(200);
  });

  it('KServe infer reproduces every golden output within 1e-3', async () => {
    const res = await app.inject({
      method: 'POST',
      url: `/v2/models/${card.name}/infer`,
      payload: {
        inputs: [
          {
            name: 'readings',
            datatype: 'FP32',
            shape: [card.golden.length, card.window, 24],
            data: card.golden.map((g) => g.input),
          },
        ],
      },
    });
    expect(res.statusCode).toBe(200);
    const out = Object.fromEntries(
      res.json().outputs.map((o: { name: string; data: number[] }) => [o.name, o.data]),
    );
    card.golden.forEach((g, i) => {
      expect(Math.abs(out.rul_median[i] - g.output.rul_median)).toBeLessThanOrEqual(ABS_TOL);
      expect(Math.abs(out.rul_lower[i] - g.output.rul_lower)).toBeLessThanOrEqual(ABS_TOL);
      expect(Math.abs(out.rul_upper[i] - g.output.rul_upper)).toBeLessThanOrEqual(ABS_TOL);
      const q = g.output.rul_quantiles.length;
      g.output.rul_quantiles.forEach((v, j) =>
        expect(Math.abs(out.rul_quantiles[i * q + j] - v)).toBeLessThanOrEqual(ABS_TOL),
      );
    });
  });

  it('/predict on the golden windows gives the golden RUL and names the model version', async () => {
    for (const g of card.golden) {
      const cycles = g.input.map((row, i) => ({
        cycle: i + 1,
        settings: row.slice(0, 3),
        sensors: row.slice(3),
      }));
      const body = (await app.inject({ method: 'POST', url: '/predict', payload: { cycles } })).json();
      expect(Math.abs(body.rul - Math.max(0, g.output.rul_median))).toBeLessThanOrEqual(ABS_TOL);
      expect(body.model).toEqual({ name: card.name, version: card.version });
    }
  });

  it.skipIf(!hasData)(
    'never answers a zero-width band silently: one that reaches the RUL cap says so (RUL_AT_CAP)',
    async () => {
      const parsed = parseCmapssText(readFileSync(dataPath, 'utf8'));
      if (!parsed.ok) throw new Error(`train_${subset}.txt did not parse`);
      // Early, middle and late cuts of 100 engines: healthy engines sit at the cap.
      const engines = parsed.value.slice(0, 100).flatMap((u) =>
        [0.3, 0.6, 0.9].map((f) => ({
          unit: `${u.unit}@${f}`,
          cycles: u.cycles.slice(0, Math.max(1, Math.round(u.cycles.length * f))),
        })),
      );
      const res = await app.inject({ method: 'POST', url: '/predict/batch', payload: { engines } });
      type P = { interval: { lower: number; upper: number }; warnings: { code: string }[] };
      expect(res.statusCode).toBe(200);
      const predictions: P[] = res.json().predictions;
      const codes = (p: P) => p.warnings.map((w) => w.code);
      const capped = predictions.filter((p) => p.interval.upper >= 125 - 1e-3);
      const zeroWidth = predictions.filter((p) => p.interval.upper - p.interval.lower < 1e-6);
      expect(capped.length).toBeGreaterThan(0);
      for (const p of capped) expect(codes(p)).toContain('RUL_AT_CAP');
      for (const p of zeroWidth) expect(codes(p)).toContain('RUL_AT_CAP');
      for (const p of predictions.filter((x) => x.interval.upper < 125 - 1e-3)) {
        expect(codes(p)).not.toContain('RUL_AT_CAP');
        expect(p.interval.upper - p.interval.lower).toBeGreaterThan(0);
      }
    },
  );

  it.skipIf(!hasData)(
    `predicts real ${subset} histories sensibly (text batch of the whole file)`,
    async () => {
      const text = readFileSync(dataPath, 'utf8');
      const parsed = parseCmapssText(text);
      if (!parsed.ok) throw new Error(`train_${subset}.txt did not parse`);
      // Cut each engine 40 cycles before failure: the true RUL is then 40.
      const cut = parsed.value.map((u) => ({ unit: u.unit, cycles: u.cycles.slice(0, -40) }));
      const res = await app.inject({ method: 'POST', url: '/predict/batch', payload: { engines: cut } });
      expect(res.statusCode).toBe(200);
      const predictions: { rul: number; interval: { lower: number; upper: number } }[] =
        res.json().predictions;
      const errors = predictions.map((p) => p.rul - 40);
      const rmse = Math.sqrt(errors.reduce((a: number, e: number) => a + e * e, 0) / errors.length);
      expect(rmse).toBeLessThan(25);
      // An honest band: never zero-width on the fleet the model was trained for, and it mostly holds.
      expect(predictions.every((p) => p.interval.upper - p.interval.lower > 1)).toBe(true);
      const covered = predictions.filter((p) => p.interval.lower <= 40 && 40 <= p.interval.upper).length;
      expect(covered / predictions.length).toBeGreaterThan(0.75);
      const full = await app.inject({
        method: 'POST',
        url: '/predict/batch',
        headers: { 'content-type': 'text/plain' },
        payload: text,
      });
      expect(full.json().predictions).toHaveLength(parsed.value.length);
    },
  );
});

const fd002Path = join(dataDir, 'train_FD002.txt');
describe.skipIf(!existsSync(fd002Path))('a six-condition history sent to the default FD001 model', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await startApp({ MODEL_DIR: REAL_MODEL_DIR });
  });
  afterAll(() => app?.close());

  it('gets a coded warning and a 0..maxRul band, never a confident zero-width answer', async () => {
    const parsed = parseCmapssText(readFileSync(fd002Path, 'utf8'));
    if (!parsed.ok) throw new Error('train_FD002.txt did not parse');
    const engines = parsed.value.slice(0, 20).map((u) => ({ unit: u.unit, cycles: u.cycles.slice(0, 100) }));
    const res = await app.inject({ method: 'POST', url: '/predict/batch', payload: { engines } });
    expect(res.statusCode).toBe(200);
    for (const p of res.json().predictions) {
      expect(p.warnings.map((w: { code: string }) => w.code)).toContain('SETTINGS_OUT_OF_RANGE');
      expect(p.interval).toMatchObject({ lower: 0, upper: 125 });
    }
    const strict = await app.inject({
      method: 'POST',
      url: '/predict?strict=true',
      payload: { cycles: engines[0]?.cycles },
    });
    expect(strict.statusCode).toBe(422);
    expect(strict.json().code).toBe('OUT_OF_DISTRIBUTION');
  });
});
