// Real buildApp listening on a real port with ONNX Runtime workers; the client is Node's fetch. Nothing is faked.
import { formatCmapssText, syntheticFleet } from '@rul/cmapss';
import { describe, expect, it } from 'vitest';
import { startApp } from './helpers/test-app.js';

describe('graceful shutdown', () => {
  it('reports not ready, finishes in-flight requests, then closes', async () => {
    const app = await startApp({ BATCH_MAX_SIZE: '8' });
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    const payload = formatCmapssText(syntheticFleet(300, 150, 150, 3));
    const inFlight = fetch(`${address}/predict/batch`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: payload,
    });
    // Wait until the server is actually working on it.
    while ((await app.metrics.httpInFlight.get()).values[0]?.value !== 1)
      await new Promise((r) => setTimeout(r, 2));
    const closing = app.close();
    // preClose marks the app as draining before the server stops accepting connections.
    while (!app.readiness.draining) await new Promise((r) => setImmediate(r));
    expect((await app.readiness.evaluate()).ready).toBe(false);
    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(((await res.json()) as { predictions: unknown[] }).predictions).toHaveLength(300);
    await closing;
    await expect(fetch(`${address}/health/live`)).rejects.toThrow();
    expect(app.model.state).toBe('closed');
  });
});
