/**
 * Demo fleet: on a first start with an empty database and DEMO_SEED > 0, seeds that many generated
 * engines (test-set style truncated histories) and predicts each, so the dashboard has a fleet to show
 * on first open. Runs in the background once the model serves; never on a database with engines.
 */
import { generateFleet } from '@rul/simulator';
import fp from 'fastify-plugin';
import type { Config } from '../../../config/schema.js';

export default fp<{ config: Config }>(
  async (app, { config }) => {
    if (config.DEMO_SEED === 0) return;
    const count = config.DEMO_SEED;
    const log = app.log.child({ component: 'demo-seed' });
    let stopped = false;
    const seed = async () => {
      await app.modelRegistry.bootstrapped;
      if (stopped) return;
      const { total } = await app.repos.engines.list({ limit: 1 });
      if (total > 0) return;
      const fleet = generateFleet({
        engines: count,
        seed: 17,
        truncate: { minHistory: 40, maxRul: 140 },
        unitName: (i) => `DEMO-${String(i + 1).padStart(3, '0')}`,
      });
      for (const engine of fleet) {
        if (stopped) return;
        await app.repos.telemetry.ingest(engine.unit, engine.cycles);
        await app.fleet.refreshPrediction(engine.unit);
      }
      log.info({ engines: count }, 'seeded demo engines into the empty database');
    };
    app.addHook('onReady', async () => {
      void seed().catch((err) => log.warn({ err }, 'demo seeding failed'));
    });
    app.addHook('preClose', async () => {
      stopped = true;
    });
  },
  { name: 'fleet-demo', dependencies: ['database', 'fleet', 'model-registry'], fastify: '5.x' },
);
