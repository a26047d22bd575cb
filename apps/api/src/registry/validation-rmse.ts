/** Validation RMSE from a card's or job's metrics: what auto-promotion compares. */

const finite = (v: unknown): number | undefined => {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (v && typeof v === 'object' && typeof (v as { mean?: unknown }).mean === 'number')
    return (v as { mean: number }).mean;
  return undefined;
};

/** `validation.rmse` (number or `{mean}`), `rmse` or `validation.shipped.rmse`, in that order. */
export function validationRmse(metrics: unknown): number | undefined {
  if (!metrics || typeof metrics !== 'object') return undefined;
  const m = metrics as Record<string, unknown>;
  const validation = (m['validation'] ?? {}) as Record<string, unknown>;
  return (
    finite(validation['rmse']) ??
    finite(m['rmse']) ??
    finite((validation['shipped'] as Record<string, unknown> | undefined)?.['rmse'])
  );
}
