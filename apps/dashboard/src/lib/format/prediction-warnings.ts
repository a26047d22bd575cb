// Names for the API's prediction warning codes, shared by every view that shows a prediction.

const LABELS: Record<string, string> = {
  SETTINGS_OUT_OF_RANGE: 'Unknown operating conditions',
  READINGS_OUT_OF_RANGE: 'Readings out of range',
  SHORT_HISTORY: 'Short history',
  HORIZON_BEYOND_MAX_RUL: 'Horizon past the cap',
  RUL_AT_CAP: 'At least this long (model cap)',
};

/** Codes that mean the model could not judge the history (its interval is then 0..maxRul). */
const OUT_OF_RANGE = new Set(['SETTINGS_OUT_OF_RANGE', 'READINGS_OUT_OF_RANGE']);

/** A short name for a warning code; an unknown code is shown as it is. */
export function warningLabel(code: string): string {
  return LABELS[code] ?? code;
}

export function isOutOfRange(codes: readonly string[]): boolean {
  return codes.some((code) => OUT_OF_RANGE.has(code));
}
