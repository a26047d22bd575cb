/**
 * Checks for a model handed to the registry: the card (validateCard: schema, sha256 of the bytes,
 * golden shapes), then a throwaway load in ONNX Runtime that runs every golden example (which also
 * proves the input shape and the output shapes). Nothing is stored or served from here.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppError } from '../errors/app-error.js';
import { CardError, validateCard, type ModelCard } from '../plugins/app/model/model-card.js';
import { buildGeneration } from '../plugins/app/model/model-generation.js';

export const unprocessable = (message: string) => new AppError(422, 'MODEL_REJECTED', message);

/** validateCard, with a broken card answered as a 422 that says what is wrong. */
export function checkCard(...args: Parameters<typeof validateCard>): Promise<ModelCard> {
  return validateCard(...args).catch((err: unknown) => {
    throw err instanceof CardError ? unprocessable(err.message) : err;
  });
}

/** Resolves to the checked card; rejects with a 422 that says what is wrong. */
export async function validateUpload(cardInput: unknown, onnx: Uint8Array): Promise<ModelCard> {
  const card = await checkCard(cardInput, {
    name: 'card',
    onnx: {
      read: () => onnx,
      mismatch: (sha, expected) => `ONNX bytes hash to ${sha}, the card says ${expected}`,
    },
  });
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
