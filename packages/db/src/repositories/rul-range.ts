// The remaining-life range of the fleet list, [rulMin, rulMax), matched like the summary's bands: only
// engines with a judged RUL (healthy, warning, critical) fall in a range, so the list of a band shows
// exactly the engines that band counts. The summary puts a RUL below its first edge in the first band;
// a client asks for that band with rulMax alone (and for the open last band with rulMin alone).
import { ValidationError } from '../errors.js';
import { IS_JUDGED } from './engine-rows.js';

export interface RulRange {
  /** Lowest RUL listed (inclusive). */
  rulMin?: number;
  /** RUL listed up to, not including. */
  rulMax?: number;
}

/** Checks the bounds; null when the range is not asked for (neither bound given). */
export function validateRulRange(range: RulRange): [number | null, number | null] {
  const min = range.rulMin ?? null;
  const max = range.rulMax ?? null;
  for (const [field, value] of [
    ['rulMin', min],
    ['rulMax', max],
  ] as const) {
    if (value !== null && (typeof value !== 'number' || !Number.isFinite(value))) {
      throw new ValidationError(`${field} must be a finite number`, { field });
    }
  }
  if (min !== null && max !== null && !(min < max)) {
    throw new ValidationError(`rulMin (${min}) must be less than rulMax (${max})`, { field: 'rulMin' });
  }
  return [min, max];
}

/** The WHERE condition over the engines row `e` (with its derived `health`), bounds bound as `min`/`max`. */
export function rulRangeCondition(min: string, max: string): string {
  return `((${min}::float8 IS NULL AND ${max}::float8 IS NULL)
    OR (${IS_JUDGED}
        AND (${min}::float8 IS NULL OR e.rul >= ${min}::float8)
        AND (${max}::float8 IS NULL OR e.rul < ${max}::float8)))`;
}
