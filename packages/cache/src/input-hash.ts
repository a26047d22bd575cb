import { createHash } from 'node:crypto';

// Canonical JSON: object keys sorted, -0 written as 0, so equal inputs hash equally whatever the
// key order they were built with. Non-finite numbers have no JSON form and are refused rather than
// silently colliding with null.
function canonical(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`cannot hash non-finite number ${value}`);
      return Object.is(value, -0) ? '0' : JSON.stringify(value);
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
      if (ArrayBuffer.isView(value)) return canonical(Array.from(value as unknown as ArrayLike<number>));
      const keys = Object.keys(value as object).sort();
      const obj = value as Record<string, unknown>;
      return `{${keys
        .filter((k) => obj[k] !== undefined)
        .map((k) => `${JSON.stringify(k)}:${canonical(obj[k])}`)
        .join(',')}}`;
    }
    default:
      throw new TypeError(`cannot hash a ${typeof value}`);
  }
}

/** SHA-256 (hex) of a JSON-like value, independent of object key order. */
export function stableHash(value: unknown): string {
  return createHash('sha256').update(canonical(value)).digest('hex');
}

/**
 * Cache key of a prediction: the model version plus a hash of the exact input window, so a model
 * switch never serves the previous model's answers.
 */
export function predictionCacheKey(modelVersion: string, input: unknown): string {
  return `prediction:${modelVersion}:${stableHash(input)}`;
}
