// Real buildApp + ONNX Runtime; the "broken model" cases use corrupted copies of the fixture card in temp dirs.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { syntheticHistory } from '@rul/cmapss';
import { describe, expect, it } from 'vitest';
import { expectErrorShape } from './helpers/error-shape.js';
import { FIXTURE_MODEL_DIR, startApp } from './helpers/test-app.js';

// The card is edited as loose JSON on purpose: these tests break its contract.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type LooseCard = Record<string, any>;

function corruptedCopy(change: (card: LooseCard) => void): string {
  const dir = mkdtempSync(join(tmpdir(), 'rul-model-'));
  cpSync(FIXTURE_MODEL_DIR, dir, { recursive: true });
  const path = join(dir, 'model-card.json');
  const card = JSON.parse(readFileSync(path, 'utf8'));
  change(card);
  writeFileSync(path, JSON.stringify(card));
  return dir;
}

describe('readiness transitions', () => {
  it('503 before the model is loaded, 200 after, 503 while draining', async () => {
    const app = await startApp({}, { autoloadModel: false });
    const before = await app.inject({ method: 'GET', url: '/health/ready' });
    expect(before.statusCode).toBe(503);
    expectErrorShape(before.json(), 503);
    expect(before.json()).toMatchObject({
      code: 'NOT_READY',
      details: [{ path: 'model', message: 'model is idle' }],
    });
    expect((await app.inject({ method: 'GET', url: '/v2/health/ready' })).json()).toEqual({ ready: false });
    expect((await app.inject({ method: 'GET', url: '/health/live' })).statusCode).toBe(200);
    const early = await app.inject({
      method: 'POST',
      url: '/predict',
      payload: { cycles: syntheticHistory(3) },
    });
    expect(early.statusCode).toBe(503);
    expect(early.headers['retry-after']).toBe('5');

    await app.models.load();
    const ready = await app.inject({ method: 'GET', url: '/health/ready' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toMatchObject({ status: 'ready', model: { version: '0.0.1-test' } });
    expect((await app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);

    app.readiness.startDraining();
    const draining = await app.inject({ method: 'GET', url: '/health/ready' });
    expect(draining.statusCode).toBe(503);
    expect(draining.json().details).toContainEqual({ path: 'shutdown', message: 'draining for shutdown' });
    await app.close();
  });

  it('a failing dependency check makes the service not ready', async () => {
    const app = await startApp();
    app.readiness.register('postgres', async () => ({ ok: false, detail: 'connection refused' }));
    const res = await app.inject({ method: 'GET', url: '/health/ready' });
    expect(res.statusCode).toBe(503);
    expect(res.json().message).toContain('postgres (connection refused)');
    await app.close();
  });

  it('stays not ready when ONNX Runtime disagrees with the golden examples', async () => {
    const dir = corruptedCopy((card) => (card.golden[1].output.rul_median += 0.5));
    const app = await startApp({ MODEL_DIR: dir });
    expect(app.model.state).toBe('failed');
    const res = await app.inject({ method: 'GET', url: '/health/ready' });
    expect(res.statusCode).toBe(503);
    expect(res.json().message).toMatch(/golden check failed.*golden\[1\]\.rul_median/);
    const metrics = (await app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(metrics).toMatch(/rul_model_golden_check_ok\{version="0.0.1-test"\} 0/);
    expect(metrics).toMatch(/rul_model_ready 0/);
    expect(
      (await app.inject({ method: 'POST', url: '/predict', payload: { cycles: syntheticHistory(3) } }))
        .statusCode,
    ).toBe(503);
    await app.close();
  });

  it.each([
    [
      'a card that is not the contract',
      (card: LooseCard) => delete card.outputs,
      /invalid at \/outputs|outputs/,
    ],
    ['an ONNX file whose hash differs', (card: LooseCard) => (card.onnx.sha256 = '0'.repeat(64)), /sha256/],
  ])('stays not ready with %s', async (_name, change, message) => {
    const app = await startApp({ MODEL_DIR: corruptedCopy(change) });
    const res = await app.inject({ method: 'GET', url: '/health/ready' });
    expect(res.statusCode).toBe(503);
    expect(res.json().message).toMatch(message);
    await app.close();
  });

  it('reports a missing model directory', async () => {
    const app = await startApp({ MODEL_DIR: join(tmpdir(), 'does-not-exist-rul') });
    expect((await app.inject({ method: 'GET', url: '/health/ready' })).json().message).toMatch(
      /cannot read model card/,
    );
    await app.close();
  });
});
