// Telemetry of an engine flying the operating conditions a model was trained on, built from its model
// card alone (no data from outside the repository): each cycle at one of the card's operating-condition
// centroids, the sensors the model reads at that condition's training mean plus a little noise, the
// other sensors at their training mean. From the FD002 card this is a six-condition history that only
// a six-condition model can judge.
import { readFileSync } from 'node:fs';
import { random } from './cmapss-file';

export interface TelemetryCycle {
  cycle: number;
  settings: number[];
  sensors: number[];
}

interface Card {
  input: { channels: string[] };
  trainingStats: { channels: { name: string; mean: number }[] };
  preprocessing: {
    selectedChannels: string[];
    conditions: { centroids: number[][] };
    normalisation: { mean: number[][]; std: number[][] };
  };
}

export function cardTelemetry(cardPath: string, cycles: number, seed = 11): TelemetryCycle[] {
  const card = JSON.parse(readFileSync(cardPath, 'utf8')) as Card;
  const { selectedChannels, conditions, normalisation } = card.preprocessing;
  const next = random(seed);
  const round = (v: number) => Number(v.toFixed(4));
  return Array.from({ length: cycles }, (_, i) => {
    const k = Math.floor(next() * conditions.centroids.length);
    const centroid = conditions.centroids[k] ?? [];
    const readings = card.input.channels.map((name, c) => {
      const j = selectedChannels.indexOf(name);
      if (c < 3) return (centroid[c] ?? 0) + (c < 2 ? (next() - 0.5) * 0.002 : 0);
      if (j === -1) return card.trainingStats.channels[c]?.mean ?? 0;
      const mean = normalisation.mean[k]?.[j] ?? 0;
      const std = normalisation.std[k]?.[j] ?? 0;
      return mean + (next() - 0.5) * std;
    });
    return { cycle: i + 1, settings: readings.slice(0, 3).map(round), sensors: readings.slice(3).map(round) };
  });
}
