/**
 * The model card contract (docs/architecture.md section 1). Only the fields the API relies on are
 * required; everything else the trainer writes is kept and returned by GET /models/active.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
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
    channels: Type.Array(Type.String(), { minItems: 24, maxItems: 24 }),
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

/** Reads and checks the card and the ONNX file it names (including its sha256 when given). */
export async function loadModelCard(modelDir: string): Promise<LoadedCard> {
  const cardPath = join(modelDir, 'model-card.json');
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(cardPath, 'utf8'));
  } catch (err) {
    throw new Error(`cannot read model card ${cardPath}: ${(err as Error).message}`);
  }
  const issue = Value.Errors(ModelCardSchema, parsed)[0];
  if (issue)
    throw new Error(`model card ${cardPath} is invalid at ${issue.instancePath || '/'}: ${issue.message}`);
  const card = parsed as ModelCard;
  const onnxPath = resolve(modelDir, card.onnx.file);
  const onnxBytes = await readFile(onnxPath);
  const sha = createHash('sha256').update(onnxBytes).digest('hex');
  if (card.onnx.sha256 && card.onnx.sha256.toLowerCase() !== sha) {
    throw new Error(`${onnxPath} sha256 ${sha} does not match the model card (${card.onnx.sha256})`);
  }
  for (const [i, g] of card.golden.entries()) {
    if (g.input.length !== card.window || g.input.some((row) => row.length !== 24)) {
      throw new Error(`model card golden[${i}].input is not ${card.window} x 24`);
    }
    if (g.output.rul_quantiles.length !== card.outputs.quantileLevels.length) {
      throw new Error(`model card golden[${i}].output.rul_quantiles does not match outputs.quantileLevels`);
    }
  }
  return { card, onnxPath, onnxBytes };
}
