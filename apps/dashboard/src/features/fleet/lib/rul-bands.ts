// Remaining-life bands as the fleet summary reports them ([from, to), the last one open), read against
// the status thresholds: an engine is critical at RUL <= critical, warning at RUL <= warning, healthy
// above. A band can straddle a threshold, so each band gets the status covering most of its range as
// its colour, and every status it touches in words, so colour is never the only cue.
import type { EngineHealth } from '../../../components/status-badge';

export interface RulBand {
  from: number;
  to: number | null;
  count: number;
}

export interface Thresholds {
  warning: number;
  critical: number;
}

export type JudgedHealth = Extract<EngineHealth, 'healthy' | 'warning' | 'critical'>;

export function bandLabel({ from, to }: Pick<RulBand, 'from' | 'to'>): string {
  return to === null ? `${from} or more` : `${from}–${to}`;
}

/** Length of [from, to) inside (low, high]; infinite ranges give Infinity. */
function overlap(from: number, to: number, low: number, high: number): number {
  return Math.max(0, Math.min(to, high) - Math.max(from, low));
}

/** The statuses a band's range covers, from worst to best, each with its share of the range. */
export function bandStatuses(band: Pick<RulBand, 'from' | 'to'>, thresholds: Thresholds) {
  const to = band.to ?? Infinity;
  const shares: { status: JudgedHealth; length: number }[] = [
    { status: 'critical', length: overlap(band.from, to, -Infinity, thresholds.critical) },
    { status: 'warning', length: overlap(band.from, to, thresholds.critical, thresholds.warning) },
    { status: 'healthy', length: overlap(band.from, to, thresholds.warning, Infinity) },
  ];
  return shares.filter((s) => s.length > 0);
}

/** The status covering most of the band; on a tie the worse one, so a risk is never understated. */
export function bandStatus(band: Pick<RulBand, 'from' | 'to'>, thresholds: Thresholds): JudgedHealth {
  let best: { status: JudgedHealth; length: number } | undefined;
  for (const share of bandStatuses(band, thresholds)) {
    if (!best || share.length > best.length) best = share;
  }
  // A band of zero width (from === to) covers nothing; judge it by its lower edge.
  if (!best) {
    return band.from <= thresholds.critical
      ? 'critical'
      : band.from <= thresholds.warning
        ? 'warning'
        : 'healthy';
  }
  return best.status;
}
