/**
 * Training-job watching, one step per registry poll: reclaims jobs whose worker went silent, emits
 * `training` events (epoch progress, completion), counts finished jobs in rul_training_jobs_total and,
 * with AUTO_PROMOTE, activates a freshly trained model whose validation RMSE beats the active one.
 * The first step only takes a baseline: jobs that finished before this replica started are neither
 * counted nor promoted.
 */
import type { Repositories, TrainingJob } from '@rul/db';
import type { FastifyBaseLogger } from 'fastify';
import { validationRmse } from '../../../registry/validation-rmse.js';
import type { FleetEvents } from '../fleet/fleet-events.js';
import type { FleetMetrics } from '../fleet/fleet-metrics.js';

/** A running job whose worker has not reported for this long is handed back to the queue. */
const STALE_JOB_SECONDS = 300;

export interface TrainingJobWatchDeps {
  repos: Pick<Repositories, 'models' | 'trainingJobs'>;
  fleetEvents: FleetEvents;
  fleetMetrics: FleetMetrics;
  autoPromote: boolean;
  activate: (version: string, actor: string, reason: string) => Promise<unknown>;
  log: FastifyBaseLogger;
}

export function trainingJobWatch(deps: TrainingJobWatchDeps): () => Promise<void> {
  const { repos, fleetEvents, fleetMetrics, log } = deps;
  // Training jobs seen finished; the first step only takes a baseline (no counting, no promotion).
  const finished = new Set<string>();
  const lastEpoch = new Map<string, number>();
  let baseline = false;

  async function maybePromote(job: TrainingJob): Promise<void> {
    if (!deps.autoPromote || !job.modelVersion) return;
    const candidate = await repos.models.get(job.modelVersion);
    if (!candidate || candidate.status !== 'staged') return;
    // Compared with the active version of the same name: the job trained a new version of that model.
    const active = await repos.models.getActive(candidate.name);
    const candidateRmse =
      validationRmse(job.metrics) ??
      validationRmse(candidate.metrics) ??
      validationRmse(candidate.card['metrics']);
    const activeRmse = active
      ? (validationRmse(active.card['metrics']) ?? validationRmse(active.metrics))
      : undefined;
    const better = candidateRmse !== undefined && (activeRmse === undefined || candidateRmse < activeRmse);
    log.info(
      { job: job.id, candidate: job.modelVersion, candidateRmse, activeRmse, better },
      'auto-promotion decision',
    );
    if (better) {
      await deps.activate(
        job.modelVersion,
        'auto-promote',
        `validation RMSE ${candidateRmse} < ${activeRmse ?? 'none'} (job ${job.id})`,
      );
    }
  }

  return async function watchJobs(): Promise<void> {
    await repos.trainingJobs.reclaimStale({ timeoutSeconds: STALE_JOB_SECONDS });
    const jobs = await repos.trainingJobs.list({ limit: 100 });
    const succeeded: TrainingJob[] = [];
    for (const job of jobs) {
      const done = job.status === 'succeeded' || job.status === 'failed' || job.status === 'cancelled';
      if (job.status === 'running' && job.progress && lastEpoch.get(job.id) !== job.progress.epoch) {
        lastEpoch.set(job.id, job.progress.epoch);
        if (baseline)
          fleetEvents.emitLocal('training', { id: job.id, status: job.status, progress: job.progress });
      }
      if (!done || finished.has(job.id)) continue;
      finished.add(job.id);
      lastEpoch.delete(job.id);
      if (!baseline) continue;
      if (job.status !== 'cancelled') fleetMetrics.trainingJobs.inc({ status: job.status });
      fleetEvents.emitLocal('training', {
        id: job.id,
        status: job.status,
        modelVersion: job.modelVersion,
        metrics: job.metrics,
        error: job.error,
      });
      if (job.status === 'succeeded') succeeded.push(job);
    }
    baseline = true;
    // Every finished job is counted and announced before any promotion, which waits for a model swap.
    for (const job of succeeded) await maybePromote(job);
  };
}
