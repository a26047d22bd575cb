/**
 * Whether a history lies inside what the model was trained on, judged from its card alone:
 *
 * - **Operating settings** against the training range of each setting (`trainingStats.channels`),
 *   widened by half that range (or by 0.1 % of the value where the training data held one value,
 *   like the throttle setting of a one-condition fleet). A six-condition history sent to a
 *   one-condition model fails here.
 * - **Sensors the model reads** (`preprocessing.selectedChannels`), standardised the way the model
 *   standardises them: each cycle is assigned to its nearest training operating condition
 *   (`preprocessing.conditions`) and scored against that condition's mean and std
 *   (`preprocessing.normalisation`). A value is out of range when it lies beyond `clipSigma` (8)
 *   standard deviations, where the model clips it and cannot see how far off it is, *and* outside the
 *   widened training range of the sensor: a worn engine's last cycles go past 8 standard deviations
 *   (core speed does, in FD001 and FD002), but the training engines ran to failure, so their range
 *   holds those. All-zero sensors fail here.
 * - **Other sensors** (dropped from the model's input because they barely vary) against their
 *   training range, widened like the settings: they cannot move the prediction, but a different
 *   value says the history comes from another kind of engine or a broken feed.
 *
 * Only the cycles the model reads (the last `window`) are checked. A card without these statistics
 * (an older or hand-made model) is not judged, and says so through `judged: false`.
 */
import { CHANNEL_COUNT, SETTING_COUNT } from '@rul/cmapss';
import type { PackedHistory } from '../../../predict-body/packed-history.js';
import type { ModelCard } from './model-card.js';

export type RangeCode = 'SETTINGS_OUT_OF_RANGE' | 'READINGS_OUT_OF_RANGE';

export interface RangeFinding {
  code: RangeCode;
  message: string;
  /** Channel names at fault, in channel order. */
  channels: string[];
  /** Cycles (of those the model reads) with at least one channel at fault. */
  cycles: number;
}

export interface InputRange {
  /** False when the card lacks the statistics to judge a history. */
  readonly judged: boolean;
  /** Operating conditions the model was trained on (1 when the card names none). */
  readonly conditions: number;
  check(history: PackedHistory, window: number): RangeFinding[];
  /** Whether check() would find nothing; stops at the first value at fault (routing asks every model). */
  fits(history: PackedHistory, window: number): boolean;
  /** Distinct training conditions nearest to the cycles the model reads (how much of its range a history uses). */
  conditionsUsed(history: PackedHistory, window: number): number;
}

interface Bounds {
  lo: number;
  hi: number;
  trained: [number, number];
}
interface Standardised {
  channel: number;
  /** The widened training range (all conditions), when the card has it. */
  bounds: Bounds | undefined;
  /** Per condition. */
  mean: number[];
  std: number[];
}

const record = (v: unknown): Record<string, unknown> | undefined =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
const numbers = (v: unknown): number[] | undefined =>
  Array.isArray(v) && v.every((x) => typeof x === 'number' && Number.isFinite(x))
    ? (v as number[])
    : undefined;
const matrix = (v: unknown): number[][] | undefined => {
  if (!Array.isArray(v)) return undefined;
  const rows = v.map(numbers);
  return rows.every((r): r is number[] => r !== undefined) ? rows : undefined;
};

function widened(min: number, max: number): Bounds {
  const margin = max > min ? 0.5 * (max - min) : 1e-3 * Math.max(Math.abs(min), Math.abs(max), 1);
  return { lo: min - margin, hi: max + margin, trained: [min, max] };
}

const fmt = (v: number) => Number(v.toPrecision(6)).toString();

const built = new WeakMap<ModelCard, InputRange>();

/** The check of a loaded card, built on first use (cards are immutable once loaded). */
export function inputRangeOf(card: ModelCard): InputRange {
  let range = built.get(card);
  if (!range) built.set(card, (range = inputRange(card)));
  return range;
}

/** Builds the check for a card. */
export function inputRange(card: ModelCard): InputRange {
  const names = card.input.channels;
  const stats = record(card['trainingStats'])?.['channels'];
  const pre = record(card['preprocessing']);
  const clip = typeof pre?.['clipSigma'] === 'number' ? pre['clipSigma'] : 8;
  const selected = Array.isArray(pre?.['selectedChannels']) ? (pre['selectedChannels'] as unknown[]) : [];
  const conditions = record(pre?.['conditions']);
  const norm = record(pre?.['normalisation']);
  const centroids = matrix(conditions?.['centroids']);
  const scale = numbers(conditions?.['conditionScale']);
  const means = matrix(norm?.['mean']);
  const stds = matrix(norm?.['std']);

  const ranges = new Map<number, Bounds>();
  if (Array.isArray(stats) && stats.length === CHANNEL_COUNT) {
    stats.forEach((s, i) => {
      const r = record(s);
      if (typeof r?.['min'] === 'number' && typeof r['max'] === 'number')
        ranges.set(i, widened(r['min'], r['max']));
    });
  }
  const standardised: Standardised[] = [];
  const usable =
    centroids !== undefined &&
    centroids.length > 0 &&
    centroids.every((c) => c.length === SETTING_COUNT) &&
    scale?.length === SETTING_COUNT &&
    means?.length === centroids.length &&
    stds?.length === centroids.length;
  if (usable) {
    selected.forEach((name, j) => {
      const channel = names.indexOf(String(name));
      const mean = means.map((row) => row[j]);
      const std = stds.map((row) => row[j]);
      if (channel < SETTING_COUNT || [...mean, ...std].some((v) => v === undefined)) return;
      standardised.push({
        channel,
        bounds: ranges.get(channel),
        mean: mean as number[],
        std: std as number[],
      });
      ranges.delete(channel); // judged with its standardised value below
    });
  }
  const judged = ranges.size > 0 || standardised.length > 0;
  // Plain arrays for the per-cycle loop.
  const rangeList = [...ranges].map(([channel, b]) => ({ channel, lo: b.lo, hi: b.hi }));

  function nearestCondition(readings: Float32Array, row: number): number {
    if (!centroids || !scale || centroids.length === 1) return 0;
    let best = 0;
    let bestDistance = Infinity;
    for (let k = 0; k < centroids.length; k++) {
      const c = centroids[k] as number[];
      let d = 0;
      for (let s = 0; s < SETTING_COUNT; s++) {
        const z = ((readings[row + s] as number) - (c[s] as number)) / ((scale[s] as number) || 1);
        d += z * z;
      }
      if (d < bestDistance) [best, bestDistance] = [k, d];
    }
    return best;
  }

  const conditionCount = usable ? centroids.length : 1;

  /** Whether `v`, standardised as the model does for condition k, lies beyond its clip. */
  function beyondClip(s: Standardised, v: number, k: number): boolean {
    const z = (v - (s.mean[k] as number)) / ((s.std[k] as number) || 1);
    return !(Math.abs(z) <= clip);
  }

  function conditionsUsed(history: PackedHistory, window: number): number {
    if (conditionCount === 1) return 1;
    const seen = new Set<number>();
    for (let r = Math.max(0, history.count - window); r < history.count; r++) {
      seen.add(nearestCondition(history.readings, r * CHANNEL_COUNT));
      if (seen.size === conditionCount) break;
    }
    return seen.size;
  }

  function fits(history: PackedHistory, window: number): boolean {
    if (!judged) return true;
    const { readings, count } = history;
    for (let r = Math.max(0, count - window); r < count; r++) {
      const row = r * CHANNEL_COUNT;
      for (const { channel, lo, hi } of rangeList) {
        const v = readings[row + channel] as number;
        if (!(v >= lo && v <= hi)) return false;
      }
      let k = -1;
      for (const s of standardised) {
        const v = readings[row + s.channel] as number;
        if (s.bounds && v >= s.bounds.lo && v <= s.bounds.hi) continue;
        if (k < 0) k = nearestCondition(readings, row);
        if (beyondClip(s, v, k)) return false;
      }
    }
    return true;
  }

  function check(history: PackedHistory, window: number): RangeFinding[] {
    if (!judged) return [];
    const { readings, count } = history;
    const first = Math.max(0, count - window);
    const settings = new Map<number, [number, number]>(); // channel -> [lowest, highest] value seen at fault
    const sensors = new Map<number, number>(); // channel -> cycles at fault
    let settingCycles = 0;
    let sensorCycles = 0;
    for (let r = first; r < count; r++) {
      const row = r * CHANNEL_COUNT;
      let settingFault = false;
      let sensorFault = false;
      for (const { channel, lo, hi } of rangeList) {
        const v = readings[row + channel] as number;
        if (v >= lo && v <= hi) continue;
        if (channel < SETTING_COUNT) {
          const seen = settings.get(channel);
          settings.set(channel, seen ? [Math.min(seen[0], v), Math.max(seen[1], v)] : [v, v]);
          settingFault = true;
        } else {
          sensors.set(channel, (sensors.get(channel) ?? 0) + 1);
          sensorFault = true;
        }
      }
      // The condition is looked up only for a value outside its training range: rarely, in a fleet
      // the model knows.
      let k = -1;
      for (const s of standardised) {
        const v = readings[row + s.channel] as number;
        if (s.bounds && v >= s.bounds.lo && v <= s.bounds.hi) continue;
        if (k < 0) k = nearestCondition(readings, row);
        if (!beyondClip(s, v, k)) continue;
        sensors.set(s.channel, (sensors.get(s.channel) ?? 0) + 1);
        sensorFault = true;
      }
      if (settingFault) settingCycles++;
      if (sensorFault) sensorCycles++;
    }
    const read = count - first;
    const findings: RangeFinding[] = [];
    if (settings.size) {
      const channels = [...settings.keys()].sort((a, b) => a - b);
      const parts = channels.map((c) => {
        const [lo, hi] = settings.get(c) as [number, number];
        const [tLo, tHi] = (ranges.get(c) as Bounds).trained;
        const seen = lo === hi ? fmt(lo) : `${fmt(lo)}..${fmt(hi)}`;
        return `${names[c]} ${seen} (trained ${fmt(tLo)}..${fmt(tHi)})`;
      });
      findings.push({
        code: 'SETTINGS_OUT_OF_RANGE',
        message:
          `operating settings outside every condition model ${card.name} was trained on, in ` +
          `${settingCycles} of the ${read} cycles it reads: ${parts.join(', ')}; its prediction cannot be judged`,
        channels: channels.map((c) => names[c] as string),
        cycles: settingCycles,
      });
    }
    if (sensors.size) {
      const channels = [...sensors.keys()].sort((a, b) => a - b);
      findings.push({
        code: 'READINGS_OUT_OF_RANGE',
        message:
          `sensor readings far outside model ${card.name}'s training data (outside their training ` +
          `range and beyond ${fmt(clip)} standard deviations of their operating condition) in ` +
          `${sensorCycles} of the ${read} cycles it reads: ` +
          `${channels.map((c) => `${names[c]} (${sensors.get(c)} cycles)`).join(', ')}; ` +
          `its prediction cannot be judged`,
        channels: channels.map((c) => names[c] as string),
        cycles: sensorCycles,
      });
    }
    return findings;
  }

  return { judged, conditions: conditionCount, check, fits, conditionsUsed };
}
