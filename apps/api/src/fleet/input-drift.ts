/**
 * Input drift: per-channel statistics of the most recent fleet telemetry against the active model
 * card's `trainingStats.channels` — standardised mean shift |mean_recent − mean_train| / std_train and
 * the std ratio. Used by GET /models/active/drift and, at scrape time, by rul_input_drift_score.
 */
import { CHANNEL_COUNT } from '@rul/cmapss';
import type { FastifyInstance } from 'fastify';
import type { ModelCard } from '../plugins/app/model/model-card.js';

interface TrainingChannel {
  name: string;
  mean: number;
  std: number;
}

export interface ChannelDrift {
  channel: string;
  index: number;
  recent: { mean: number | null; std: number | null };
  training: { mean: number; std: number };
  score: number | null;
  stdRatio: number | null;
  flagged: boolean;
}

export interface DriftReport {
  model: { name: string; version: string };
  window: number;
  cycles: number;
  threshold: number;
  drifting: string[];
  channels: ChannelDrift[];
}

const round = (v: number) => Math.round(v * 1e6) / 1e6;

/**
 * Standardised mean shift and std ratio of one channel. Channels that are constant in training (a
 * std of 0 or float noise like 1e-13) are measured against a floor of one part per million of their
 * level: equal means score 0 instead of an arbitrary huge number, while any real change still stands
 * out — a channel that never moved in training and moves now has drifted.
 */
export function driftScores(
  recent: { mean: number | null; std: number | null },
  training: { mean: number; std: number },
): { score: number | null; stdRatio: number | null } {
  const scale = Math.max(training.std, 1e-6 * Math.max(1, Math.abs(training.mean)));
  return {
    score: recent.mean === null ? null : round(Math.abs(recent.mean - training.mean) / scale),
    stdRatio: recent.std === null ? null : round(recent.std / scale),
  };
}

/**
 * Drift of the engines `card`'s model judges against its training data. Null when the card's
 * trainingStats do not cover every channel. rul_input_drift_score is set for the default model only.
 */
export async function computeDrift(
  app: FastifyInstance,
  card: ModelCard,
  window: number,
  threshold: number,
): Promise<DriftReport | null> {
  const training = (card['trainingStats'] as { channels?: TrainingChannel[] } | undefined)?.channels;
  if (!Array.isArray(training) || training.length !== CHANNEL_COUNT) return null;
  const isDefault = card.name === app.models.defaultName;
  const stats = await app.repos.drift.recentChannelStats(window, card.name);
  const channels = stats.map((s, i): ChannelDrift => {
    const t = training[i] as TrainingChannel;
    const name = t.name ?? card.input.channels[i] ?? `channel_${i}`;
    const { score, stdRatio } = driftScores(s, t);
    if (score !== null && isDefault) app.fleetMetrics.driftScore.set({ channel: name }, score);
    return {
      channel: name,
      index: i,
      recent: { mean: s.mean, std: s.std },
      training: { mean: t.mean, std: t.std },
      score,
      stdRatio,
      flagged: score !== null && score > threshold,
    };
  });
  return {
    model: { name: card.name, version: card.version },
    window,
    cycles: stats[0]?.count ?? 0,
    threshold,
    drifting: channels.filter((c) => c.flagged).map((c) => c.channel),
    channels,
  };
}
