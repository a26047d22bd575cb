// Real: embedded PGlite in a temp folder (reopened across a restart), in-process cache, ONNX Runtime. Faked: nothing.
import { afterAll, describe, expect, it } from 'vitest';
import {
  PGLITE_MEMORY,
  readAuth,
  startFleetApp,
  waitFor,
  type BackendRun,
} from './integration/fleet-backends.js';

describe('demo fleet on first start', () => {
  let run: BackendRun | undefined;
  afterAll(async () => run?.cleanup());

  it('seeds DEMO_SEED engines into an empty database once, and keeps them across a restart', async () => {
    run = await PGLITE_MEMORY.create();
    const env = { ...run.env, DEMO_SEED: '3' };
    const first = await startFleetApp(env);
    try {
      await waitFor(async () => {
        const summary = (await first.inject({ url: '/fleet/summary', headers: readAuth })).json();
        return summary.total === 3 && summary.counts.unknown === 0;
      }, 20_000);
      const list = (await first.inject({ url: '/engines?sort=id', headers: readAuth })).json();
      expect(list.items.map((e: { id: string }) => e.id)).toEqual(['DEMO-001', 'DEMO-002', 'DEMO-003']);
      expect(list.items[0].lastCycle).toBeGreaterThanOrEqual(40);
    } finally {
      await first.close();
    }
    const second = await startFleetApp(env);
    try {
      await new Promise((r) => setTimeout(r, 500));
      const summary = (await second.inject({ url: '/fleet/summary', headers: readAuth })).json();
      expect(summary.total).toBe(3);
      const models = (await second.inject({ url: '/models', headers: readAuth })).json();
      expect(models.items).toHaveLength(1);
    } finally {
      await second.close();
    }
  });
});
