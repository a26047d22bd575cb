/**
 * Puts a registered model where ONNX Runtime can open it: its artifact path when it was registered by
 * path, else its stored bytes written under the artifact directory (reused while the hash matches).
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Repositories } from '@rul/db';
import { notFound } from '../errors/app-error.js';
import type { ModelCard } from '../plugins/app/model/model-card.js';
import { checkCard, unprocessable } from './validate-upload.js';

export interface UnpackedModel {
  card: ModelCard;
  onnxPath: string;
}

export async function unpackModel(
  models: Repositories['models'],
  artifactDir: string,
  version: string,
): Promise<UnpackedModel> {
  const row = await models.get(version);
  if (!row) throw notFound(`model version '${version}' does not exist`);
  const card = await checkCard(row.card, { name: `stored card of ${version}` });
  if (!row.hasOnnx && row.artifactPath) return { card, onnxPath: resolve(row.artifactPath) };
  // Named by content hash (plus a readable, sanitised version), never by raw user input.
  const dir = join(artifactDir, `${row.sha256.slice(0, 16)}-${version.replace(/[^A-Za-z0-9_-]/g, '_')}`);
  const onnxPath = join(dir, 'model.onnx');
  const existing = await readFile(onnxPath).catch(() => undefined);
  if (!existing || createHash('sha256').update(existing).digest('hex') !== row.sha256) {
    const bytes = await models.getArtifact(version);
    if (!bytes) throw unprocessable(`model ${version} has neither stored bytes nor an artifact path`);
    await mkdir(dir, { recursive: true });
    await writeFile(onnxPath, bytes);
    await writeFile(join(dir, 'model-card.json'), JSON.stringify(row.card, null, 2));
  }
  return { card, onnxPath };
}
