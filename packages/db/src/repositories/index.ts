import type { Database } from '../database.js';
import type { StatusThresholds } from './engine-rows.js';
import { DriftRepository } from './drift-repository.js';
import { EnginesRepository } from './engines-repository.js';
import { ModelsRepository } from './models-repository.js';
import { PredictionsRepository } from './predictions-repository.js';
import { RunToFailureRepository } from './run-to-failure-repository.js';
import { StorageRepository } from './storage-repository.js';
import { TelemetryRepository } from './telemetry-repository.js';
import { TrainingJobsRepository } from './training-jobs-repository.js';

export interface RepositoryOptions {
  /** Status thresholds in cycles of RUL; the API passes its configured values. */
  thresholds?: Partial<StatusThresholds>;
  /** Predictions the engine trend is fitted over. */
  trendWindow?: number;
}

export const DEFAULT_THRESHOLDS: StatusThresholds = { warningRul: 50, criticalRul: 20 };

export interface Repositories {
  engines: EnginesRepository;
  telemetry: TelemetryRepository;
  predictions: PredictionsRepository;
  runToFailure: RunToFailureRepository;
  models: ModelsRepository;
  trainingJobs: TrainingJobsRepository;
  drift: DriftRepository;
  storage: StorageRepository;
}

export function createRepositories(db: Database, options: RepositoryOptions = {}): Repositories {
  const thresholds = { ...DEFAULT_THRESHOLDS, ...options.thresholds };
  return {
    engines: new EnginesRepository(db, thresholds),
    telemetry: new TelemetryRepository(db),
    predictions: new PredictionsRepository(db, { trendWindow: options.trendWindow ?? 10 }),
    runToFailure: new RunToFailureRepository(db),
    models: new ModelsRepository(db),
    trainingJobs: new TrainingJobsRepository(db),
    drift: new DriftRepository(db),
    storage: new StorageRepository(db),
  };
}
