/**
 * Zero acknowledged loss across a PostgreSQL restart: the simulator streams a fleet into the API on
 * the bench's own PostgreSQL, the bench restarts the server (pg_ctl restart -m fast) mid-stream, the
 * streamer retries what the API turns away (503 + Retry-After), and the verification pass then reads
 * every engine back and checks each acknowledged cycle is stored as sent.
 */
import { verifyAcknowledged } from '@rul/simulator';
import { streamFleet, type FleetServer, type StreamPlan } from './fleet-harness.js';
import type { OwnPostgres } from './fleet-postgres.js';

export interface RestartRun {
  engines: number;
  acknowledged: number;
  cyclesPerSec: number;
  retries: number;
  /** pg_ctl restart -m fast, from the call until the server accepts connections again. */
  restartSeconds: number;
  /** The longest the streamer waited for an acknowledgment while being turned away. */
  longestWaitSeconds: number;
  stopped: number;
  verified: { engines: number; cycles: number; missing: number; different: number; unreadable: number };
}

export async function runRestart(
  pg: OwnPostgres,
  server: FleetServer,
  plan: StreamPlan,
  restartAfterMs: number,
): Promise<RestartRun> {
  let retriesAtRestart = 0;
  let retries = 0;
  const streaming = streamFleet(server.url, plan, () => retries++);
  await new Promise((r) => setTimeout(r, restartAfterMs));
  retriesAtRestart = retries;
  const restartMs = await pg.restart();
  const { fleet, report } = await streaming;
  if (report.retries <= retriesAtRestart) {
    throw new Error('no request was retried across the restart: the stream did not see the outage');
  }
  const l = report.ledger;
  const check = await verifyAcknowledged({ api: server.url, engines: fleet, ledger: l, concurrency: 8 });
  const run: RestartRun = {
    engines: plan.engines,
    acknowledged: l.cyclesAcknowledged,
    cyclesPerSec: report.cyclesPerSec,
    retries: report.retries,
    restartSeconds: restartMs / 1000,
    longestWaitSeconds: report.longestOutageMs / 1000,
    stopped: l.stopped.length,
    verified: {
      engines: check.engines,
      cycles: check.cyclesChecked,
      missing: check.missing,
      different: check.different,
      unreadable: check.unreadable.length,
    },
  };
  console.log(`restart ${JSON.stringify(run)}`);
  for (const s of l.stopped.slice(0, 5)) console.log(`  stopped ${JSON.stringify(s)}`);
  for (const d of check.examples.slice(0, 5)) console.log(`  ${JSON.stringify(d)}`);
  return run;
}
