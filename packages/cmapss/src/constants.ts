/** Column layout of NASA C-MAPSS text files and of the model's 24 input channels. */

export const SETTING_COUNT = 3;
export const SENSOR_COUNT = 21;
/** unit, cycle, 3 operational settings, 21 sensors. */
export const COLUMN_COUNT = 2 + SETTING_COUNT + SENSOR_COUNT;
/** Channels fed to the model: the settings then the sensors, in file order. */
export const CHANNEL_COUNT = SETTING_COUNT + SENSOR_COUNT;
/**
 * Largest reading magnitude accepted: the float32 maximum. The model reads float32, where anything
 * larger becomes Infinity, so such a reading is refused like a non-finite one.
 */
export const MAX_READING = 3.4028234663852886e38;
/** A reading the model can hold: finite and within the float32 range. */
export const isReading = (v: number): boolean => Math.abs(v) <= MAX_READING;

export const SETTING_NAMES = ['setting_1', 'setting_2', 'setting_3'] as const;

export const SENSOR_NAMES = [
  'T2',
  'T24',
  'T30',
  'T50',
  'P2',
  'P15',
  'P30',
  'Nf',
  'Nc',
  'epr',
  'Ps30',
  'phi',
  'NRf',
  'NRc',
  'BPR',
  'farB',
  'htBleed',
  'Nf_dmd',
  'PCNfR_dmd',
  'W31',
  'W32',
] as const;

export const CHANNEL_NAMES = [...SETTING_NAMES, ...SENSOR_NAMES] as const;

/** Upper bound on issues collected before giving up, so a hostile input can't build a huge report. */
export const DEFAULT_MAX_ISSUES = 20;
