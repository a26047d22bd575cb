/**
 * The model card contract (docs/architecture.md section 1). Only the fields the API relies on are
 * required; everything else the trainer writes is kept and returned by GET /models/active.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { CHANNEL_COUNT } from '@rul/cmapss';
import { Type, type Static } from 'typebox';
import { Value } from 'typebox/value';

const Num = Type.Number();

export const GoldenSchema = Type.Object({
  input: Type.Array(Type.Array(Num)),
  output: Type.Object({
    rul_median: Num,
    rul_lower: Num,
    rul_upper: Num,
    rul_quantiles: Type.Array(Num),
  }),
});

export const ModelCardSchema = Type.Object({
  schemaVersion: Type.Union([Type.Integer(), Type.String()]),
  name: Type.String({ minLength: 1 }),
  version: Type.String({ minLength: 1 }),
  createdAt: Type.Optional(Type.String()),
  onnx: Type.Object({
    file: Type.String(),
    sha256: Type.Optional(Type.String()),
    opset: Type.Optional(Type.Integer()),
  }),
  window: Type.Integer({ minimum: 1, maximum: 10_000 }),
  maxRul: Type.Number({ exclusiveMinimum: 0 }),
  input: Type.Object({
    name: Type.String(),
    channels: Type.Array(Type.String(), { minItems: CHANNEL_COUNT, maxItems: CHANNEL_COUNT }),
    padding: Type.Optional(Type.String()),
  }),
  outputs: Type.Object({
    median: Type.String(),
    lower: Type.String(),
    upper: Type.String(),
    quantiles: Type.String(),
    quantileLevels: Type.Array(Type.Number({ exclusiveMinimum: 0, exclusiveMaximum: 1 }), { minItems: 1 }),
    intervalLevel: Type.Number({ exclusiveMinimum: 0, exclusiveMaximum: 1 }),
  }),
  golden: Type.Array(GoldenSchema, { minItems: 1 }),
});

export type ModelCard = Static<typeof ModelCardSchema> & Record<string, unknown>;

export interface LoadedCard {
  card: ModelCard;
  onnxPath: string;
  onnxBytes: Buffer;
}

/** A card that breaks the contract; the message names the card and what to fix. */
export class CardError extends Error {
  override name = 'CardError';
}

/** Where a card comes from, and how its problems are worded (the words reach HTTP error bodies). */
export interface CardSource {
  /** Names the card before "is invalid at ..." ("card", "model card /models/default/model-card.json"). */
  name: string;
  /** Names the card before "golden[i] ..."; defaults to `name`. */
  goldenName?: string;
  /** The ONNX bytes, read once the card is known to be valid, and how a sha256 mismatch is worded. */
  onnx?: {
    read(card: ModelCard): Uint8Array | Promise<Uint8Array>;
    mismatch(actual: string, expected: string): string;
  };
}

/**
 * The one check of a model card, wherever it comes from (the bundled model, an upload, a stored row):
 * the schema, then the sha256 of the ONNX bytes when the source has them, then the golden examples'
 * shapes. Rejects with a CardError.
 */
export async function validateCard(input: unknown, source: CardSource): Promise<ModelCard> {
  const issue = Value.Errors(ModelCardSchema, input)[0];
  if (issue) {
    throw new CardError(`${source.name} is invalid at ${issue.instancePath || '/'}: ${issue.message}`);
  }
  const card = input as ModelCard;
  if (source.onnx) {
    const bytes = await source.onnx.read(card);
    const sha = createHash('sha256').update(bytes).digest('hex');
    if (card.onnx.sha256 && card.onnx.sha256.toLowerCase() !== sha) {
      throw new CardError(source.onnx.mismatch(sha, card.onnx.sha256));
    }
  }
  const name = source.goldenName ?? source.name;
  for (const [i, g] of card.golden.entries()) {
    if (g.input.length !== card.window || g.input.some((row) => row.length !== CHANNEL_COUNT)) {
      throw new CardError(`${name} golden[${i}].input is not ${card.window} x ${CHANNEL_COUNT}`);
    }
    if (g.output.rul_quantiles.length !== card.outputs.quantileLevels.length) {
      throw new CardError(`${name} golden[${i}].output.rul_quantiles does not match outputs.quantileLevels`);
    }
  }
  return card;
}

/** Reads and checks the card and the ONNX file it names (including its sha256 when given). */
export async function loadModelCard(modelDir: string): Promise<LoadedCard> {
  const cardPath = join(modelDir, 'model-card.json');
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(cardPath, 'utf8'));
  } catch (err) {
    throw new Error(`cannot read model card ${cardPath}: ${(err as Error).message}`);
  }
  let onnxPath = '';
  let onnxBytes = Buffer.alloc(0);
  const card = await validateCard(parsed, {
    name: `model card ${cardPath}`,
    goldenName: 'model card',
    onnx: {
      async read(valid) {
        onnxPath = resolve(modelDir, valid.onnx.file);
        onnxBytes = await readFile(onnxPath);
        return onnxBytes;
      },
      mismatch: (sha, expected) => `${onnxPath} sha256 ${sha} does not match the model card (${expected})`,
    },
  });
  return { card, onnxPath, onnxBytes };
}
