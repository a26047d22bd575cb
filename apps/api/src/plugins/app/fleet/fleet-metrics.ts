/**
 * Fleet metrics with the names of docs/architecture.md section 4. The engine gauges are read from the
 * database at scrape time (every replica reports the same fleet); counters count what this replica did.
 */
import fp from 'fastify-plugin';
import { Counter, Gauge } from 'prom-client';
import type { Config } from '../../../config/schema.js';
import { computeDrift } from '../../../fleet/input-drift.js';

export interface FleetMetrics {
  failures: Counter;
  telemetryCycles: Counter<'outcome'>;
  driftScore: Gauge<'channel'>;
  trainingJobs: Counter<'status'>;
  /** Telemetry requests (single-engine and bulk) being processed: what to scale replicas on. */
  ingestInflight: Gauge;
}

declare module 'fastify' {
  interface FastifyInstance {
    fleetMetrics: FleetMetrics;
  }
}

const GAUGE_STATUSES = ['healthy', 'warning', 'critical'] as const;

const DRIFT_REFRESH_MS = 30_000;

export default fp<{ config: Config }>(
  async (app, { config }) => {
    const registers = [app.metrics.registry];
    let driftAt = 0;
    const { repos } = app;
    const readSummary = async () => {
      try {
        return await repos.engines.summary();
      } catch {
        return undefined; // database away: keep the last values rather than failing the scrape
      }
    };
    new Gauge({
      name: 'rul_engines',
      help: 'Engines per status (from the latest prediction and the configured thresholds)',
      labelNames: ['status'],
      registers,
      async collect() {
        const summary = await readSummary();
        if (summary) for (const s of GAUGE_STATUSES) this.set({ status: s }, summary.counts[s]);
      },
    });
    new Gauge({
      name: 'rul_engine_min_rul_cycles',
      help: 'Lowest predicted RUL among engines that have not failed',
      registers,
      async collect() {
        const summary = await readSummary();
        if (summary?.minRul !== null && summary?.minRul !== undefined) this.set(summary.minRul);
      },
    });
    const metrics: FleetMetrics = {
      failures: new Counter({
        name: 'rul_engine_failures_total',
        help: 'Engine failures recorded (run-to-failure data)',
        registers,
      }),
      telemetryCycles: new Counter({
        name: 'rul_telemetry_cycles_total',
        help: 'Telemetry cycles received, by outcome (stored, duplicate, conflict)',
        labelNames: ['outcome'],
        registers,
      }),
      driftScore: new Gauge({
        name: 'rul_input_drift_score',
        help: 'Standardised mean shift of the default model engines recent telemetry against its training data',
        labelNames: ['channel'],
        registers,
        // Recomputed at most every DRIFT_REFRESH_MS on scrape (one aggregate query over recent cycles).
        async collect() {
          if (Date.now() - driftAt < DRIFT_REFRESH_MS) return;
          driftAt = Date.now();
          const card = app.model.card;
          if (!card) return;
          await computeDrift(app, card, config.DRIFT_WINDOW_CYCLES, config.DRIFT_THRESHOLD).catch(
            () => undefined,
          );
        },
      }),
      trainingJobs: new Counter({
        name: 'rul_training_jobs_total',
        help: 'Training jobs finished, by status, as observed by this replica',
        labelNames: ['status'],
        registers,
      }),
      ingestInflight: new Gauge({
        name: 'rul_ingest_inflight_requests',
        help: 'Telemetry requests (single-engine and bulk) being processed by this replica',
        registers,
      }),
    };
    for (const outcome of ['stored', 'duplicate', 'conflict']) metrics.telemetryCycles.inc({ outcome }, 0);
    for (const status of ['succeeded', 'failed']) metrics.trainingJobs.inc({ status }, 0);
    app.decorate('fleetMetrics', metrics);
  },
  { name: 'fleet-metrics', dependencies: ['metrics', 'database', 'model'], fastify: '5.x' },
);
