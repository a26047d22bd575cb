/**
 * Ingest through HTTP: a generated fleet streamed by the simulator's bulk streamer into a fresh
 * database, as fast as the API answers, each engine that stored cycles re-predicted by the API.
 */
import { streamFleet, type FleetServer, type Sizes, type StreamPlan } from './fleet-harness.js';

export interface IngestRun {
  backend: string;
  engines: number;
  batch: number;
  enginesPerRequest: number;
  concurrency: number;
  seconds: number;
  acknowledged: number;
  cyclesPerSec: number;
  requests: number;
  retries: number;
  /** Engine batches that stored cycles, and how many the API answered with a fresh prediction. */
  batchesStored: number;
  batchesPredicted: number;
  /** Engines the API did not acknowledge (rejected, conflict, or no answer). */
  stopped: number;
  sizes: Sizes;
}

export async function runIngest(
  backend: string,
  start: () => Promise<FleetServer>,
  plan: StreamPlan,
): Promise<IngestRun> {
  const server = await start();
  try {
    const { report } = await streamFleet(server.url, plan);
    const l = report.ledger;
    const run: IngestRun = {
      backend,
      engines: plan.engines,
      batch: plan.batch,
      enginesPerRequest: plan.enginesPerRequest,
      concurrency: plan.concurrency,
      seconds: report.elapsedMs / 1000,
      acknowledged: l.cyclesAcknowledged,
      cyclesPerSec: report.cyclesPerSec,
      requests: report.requests,
      retries: report.retries,
      batchesStored: l.batchesStored,
      batchesPredicted: l.batchesPredicted,
      stopped: l.stopped.length,
      sizes: await server.sizes(),
    };
    console.log(`ingest ${JSON.stringify(run)}`);
    for (const s of l.stopped.slice(0, 5)) console.log(`  stopped ${JSON.stringify(s)}`);
    return run;
  } finally {
    await server.stop();
  }
}
