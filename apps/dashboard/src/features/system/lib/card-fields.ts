// The model card's free-form parts (metrics, training stats, data, onnx) arrive as `unknown`; read
// them defensively so an older or newer card never breaks the page.

function record(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

/** Numeric (or short string) entries of metrics.validation, in card order. */
export function validationMetrics(metrics: unknown): Array<[string, number | string]> {
  const validation = record(record(metrics)?.validation);
  if (!validation) return [];
  return Object.entries(validation).flatMap(([key, value]): Array<[string, number | string]> =>
    typeof value === 'number' || (typeof value === 'string' && value.length < 80) ? [[key, value]] : [],
  );
}

export interface ChannelStats {
  name: string;
  mean: number;
  std: number;
  min: number;
  max: number;
}

export function trainingChannelStats(trainingStats: unknown): ChannelStats[] {
  const channels = record(trainingStats)?.channels;
  if (!Array.isArray(channels)) return [];
  return channels.flatMap((c): ChannelStats[] => {
    const r = record(c);
    if (!r || typeof r.name !== 'string') return [];
    const n = (key: string) => (typeof r[key] === 'number' ? (r[key] as number) : Number.NaN);
    return [{ name: r.name, mean: n('mean'), std: n('std'), min: n('min'), max: n('max') }];
  });
}

/** A short string field of a nested card object, e.g. field(card.onnx, 'opset'). */
export function field(value: unknown, key: string): string | null {
  const v = record(value)?.[key];
  return typeof v === 'string' || typeof v === 'number' ? String(v) : null;
}

/** Turns camelCase metric keys into words: nasaScore → nasa score. */
export function humanize(key: string): string {
  return key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/_/g, ' ').toLowerCase();
}
