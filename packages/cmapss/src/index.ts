export * from './constants.js';
export * from './types.js';
export * from './schemas.js';
export { checkCycleOrder, validateHistory } from './validate-history.js';
export { parseCmapssText, type ParseOptions, type ParseTextResult } from './parse-text.js';
export { formatCmapssLine, formatCmapssText } from './format.js';
export { toWindow, writeWindow, type WindowInfo } from './window.js';
export { seededRandom, syntheticHistory, syntheticFleet } from './synthetic.js';
