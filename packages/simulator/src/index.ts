export { Random } from './random.js';
export { SENSOR_PROFILES, SETTING_PROFILES, LIFE, type SensorProfile } from './sensor-profile.js';
export {
  generateEngine,
  generateFleet,
  truncateEngine,
  type Cycle,
  type GeneratedEngine,
  type EngineOptions,
  type FleetOptions,
  type TruncateOptions,
} from './degradation.js';
export { lazyFleet, type LazyEngine, type LazyFleetOptions } from './lazy-fleet.js';
export { toCmapssText, toRulText } from './cmapss-text.js';
export {
  streamTelemetry,
  type StreamEngine,
  type StreamEvent,
  type StreamOptions,
  type StreamReport,
} from './stream.js';
export { AckLedger, type StoppedEngine } from './ack-ledger.js';
export type { EngineChunk, EngineOutcome, Format } from './stream-transport.js';
export { DEFAULT_RETRY, retryDelayMs, type RetryPolicy } from './stream-http.js';
export { verifyAcknowledged, verified, type VerifyReport, type Discrepancy } from './verify.js';
export { formatStreamReport, formatVerifyReport } from './stream-report.js';
export { readReplayFile } from './replay.js';
