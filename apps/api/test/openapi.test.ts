// Real buildApp (no model) generates the document; compared byte for byte with the committed openapi.json.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateOpenApiDocument } from '../scripts/openapi-document.js';

describe('openapi.json', () => {
  it('matches the document generated from the route schemas (run `pnpm --filter @rul/api openapi`)', async () => {
    const committed = readFileSync(new URL('../openapi.json', import.meta.url), 'utf8');
    const generated = await generateOpenApiDocument();
    expect(
      generated === committed,
      'apps/api/openapi.json is stale: run pnpm --filter @rul/api openapi',
    ).toBe(true);
  });

  it('documents every public path of the contract', async () => {
    const doc = JSON.parse(await generateOpenApiDocument());
    for (const path of [
      '/predict',
      '/predict/batch',
      '/models/active',
      '/health/ready',
      '/v2/models/{name}/infer',
    ]) {
      expect(doc.paths, path).toHaveProperty([path]);
    }
    expect(Object.keys(doc.paths['/predict/batch'].post.requestBody.content)).toEqual([
      'application/json',
      'text/plain',
    ]);
  });
});
