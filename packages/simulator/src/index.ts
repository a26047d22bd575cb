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
export { toCmapssText, toRulText } from './cmapss-text.js';
export {
  streamTelemetry,
  type StreamEngine,
  type StreamEvent,
  type StreamOptions,
  type StreamSummary,
} from './stream.js';
export { readReplayFile } from './replay.js';
