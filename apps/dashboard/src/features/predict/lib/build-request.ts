// Decides how the input goes to the API: C-MAPSS text as it is, CSV converted to the JSON engines body.
import type { PredictBatchInput } from '../api/predict-batch';
import type { InputIssue } from './input-issue';
import type { InputSource } from './locate-api-error';
import { looksLikeCsv, parseCsv } from './parse-csv';

export type InputFormat = 'auto' | 'cmapss' | 'csv';

export type BuiltRequest =
  { ok: true; request: PredictBatchInput; source: InputSource } | { ok: false; issues: InputIssue[] };

/** `model`: a served model's name, or '' for each engine's best fit. */
export function buildRequest(text: string, format: InputFormat, model = ''): BuiltRequest {
  if (text.trim() === '') {
    return { ok: false, issues: [{ message: 'Paste, type or upload at least one engine’s cycle history.' }] };
  }
  const asCsv = format === 'csv' || (format === 'auto' && looksLikeCsv(text));
  if (!asCsv) {
    return {
      ok: true,
      request: { kind: 'text', text, ...(model ? { model } : {}) },
      source: { kind: 'text' },
    };
  }

  const parsed = parseCsv(text);
  if (!parsed.ok) return parsed;
  return {
    ok: true,
    request: {
      kind: 'json',
      body: {
        engines: parsed.engines.map(({ unit, cycles }) => ({ unit, cycles })),
        ...(model ? { model } : {}),
      },
    },
    source: { kind: 'csv', engines: parsed.engines },
  };
}
