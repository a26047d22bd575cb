// The remaining-life range the engine list is narrowed to, kept in the URL as GET /engines takes it
// (?rulMin=&rulMax=, [min, max)). A band of the summary maps to the range whose list total is that
// band's count: the summary puts a RUL below its first edge in the first band, so the first band is
// asked for without rulMin, and the last, open band without rulMax.
import type { RulBand } from './rul-bands';

export interface RulRange {
  /** Inclusive; null: no lower bound. */
  min: number | null;
  /** Exclusive; null: no upper bound. */
  max: number | null;
}

function readBound(params: URLSearchParams, name: string): number | null {
  const text = params.get(name)?.trim();
  if (!text) return null;
  const value = Number(text);
  return Number.isFinite(value) ? value : null;
}

/** The range in the URL; null without one, or with one the API would refuse (min not below max). */
export function rangeFromParams(params: URLSearchParams): RulRange | null {
  const min = readBound(params, 'rulMin');
  const max = readBound(params, 'rulMax');
  if (min === null && max === null) return null;
  if (min !== null && max !== null && !(min < max)) return null;
  return { min, max };
}

/** The range as GET /engines takes it, unset bounds left out. */
export function rangeQuery(range: RulRange | null): { rulMin?: number; rulMax?: number } {
  return {
    ...(range?.min != null ? { rulMin: range.min } : {}),
    ...(range?.max != null ? { rulMax: range.max } : {}),
  };
}

export function rangeToParams(range: RulRange | null, params: URLSearchParams): void {
  for (const [name, value] of Object.entries(rangeQuery(range))) params.set(name, String(value));
}

/**
 * The range listing exactly the engines band `index` counts. A lone band (first and open at once)
 * keeps its lower edge, since a range needs one bound: a RUL below that edge is then not listed.
 */
export function bandRange(bands: readonly Pick<RulBand, 'from' | 'to'>[], index: number): RulRange {
  const band = bands[index];
  if (!band) throw new RangeError(`no band ${index}`);
  const open = band.to === null;
  return { min: index > 0 || open ? band.from : null, max: band.to };
}

export function sameRange(a: RulRange | null, b: RulRange | null): boolean {
  return a?.min === b?.min && a?.max === b?.max;
}

/** The range in words, in cycles of remaining life: "25–50", "below 25", "125 or more". */
export function rangeLabel({ min, max }: RulRange): string {
  if (min === null) return `below ${max ?? 0}`;
  return max === null ? `${min} or more` : `${min}–${max}`;
}
