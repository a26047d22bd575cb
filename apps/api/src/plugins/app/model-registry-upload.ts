/**
 * Checks for a model handed to the registry: the card against the contract, the bytes against its
 * sha256, and a throwaway load in ONNX Runtime that runs every golden example (which also proves the
 * input shape and the output shapes). Nothing is stored or served from here.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Value } from 'typebox/value';
import { AppError } from '../../errors/app-error.js';
import { ModelCardSchema, type ModelCard } from './model/model-card.js';
import { buildGeneration } from './model/model-generation.js';

export const unprocessable = (message: string) => new AppError(422, 'MODEL_REJECTED', message);

/** Validation RMSE from a card's or job's metrics: `rmse`, `validation.rmse` (number or `{mean}`) or `validation.shipped.rmse`. */
export function validationRmse(metrics: unknown): number | undefined {
  const num = (v: unknown): number | undefined => {
    if (typeof v === 'number' && Number.isFinite(v)) return v;
    if (v && typeof v === 'object' && typeof (v as { mean?: unknown }).mean === 'number')
      return (v as { mean: number }).mean;
    return undefined;
  };
  if (!metrics || typeof metrics !== 'object') return undefined;
  const m = metrics as Record<string, unknown>;
  const validation = (m['validation'] ?? {}) as Record<string, unknown>;
  return (
    num(validation['rmse']) ??
    num(m['rmse']) ??
    num((validation['shipped'] as Record<string, unknown> | undefined)?.['rmse'])
  );
}

/** Resolves to the checked card; rejects with a 422 that says what is wrong. */
export async function validateUpload(cardInput: unknown, onnx: Uint8Array): Promise<ModelCard> {
  const issue = Value.Errors(ModelCardSchema, cardInput)[0];
  if (issue) throw unprocessable(`card is invalid at ${issue.instancePath || '/'}: ${issue.message}`);
  const card = cardInput as ModelCard;
  const sha = createHash('sha256').update(onnx).digest('hex');
  if (card.onnx.sha256 && card.onnx.sha256.toLowerCase() !== sha) {
    throw unprocessable(`ONNX bytes hash to ${sha}, the card says ${card.onnx.sha256}`);
  }
  for (const [i, g] of card.golden.entries()) {
    if (g.input.length !== card.window || g.input.some((row) => row.length !== 24)) {
      throw unprocessable(`card golden[${i}].input is not ${card.window} x 24`);
    }
    if (g.output.rul_quantiles.length !== card.outputs.quantileLevels.length) {
      throw unprocessable(`card golden[${i}].output.rul_quantiles does not match outputs.quantileLevels`);
    }
  }
  const dir = await mkdtemp(join(tmpdir(), 'rul-model-upload-'));
  try {
    const onnxPath = join(dir, 'model.onnx');
    await writeFile(onnxPath, onnx);
    const generation = await buildGeneration(card, onnxPath, {
      workers: 1,
      intraOpNumThreads: 1,
      maxBatch: 1,
      maxWaitMs: 1,
      maxQueue: 16,
    }).catch((err: Error) => {
      throw unprocessable(`model rejected: ${err.message}`);
    });
    await generation.close();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return card;
}
