// @vitest-environment node
// Real files, nothing faked: regenerates the client types from apps/api/openapi.json and compares.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { TYPES_PATH, renderApiTypes } from '../scripts/api-types';

describe('generated API types', () => {
  it('match the API’s committed OpenAPI document (run `pnpm generate` after the API changes)', async () => {
    const committed = await readFile(TYPES_PATH, 'utf8');
    expect(
      committed === (await renderApiTypes()),
      'schema.generated.ts is stale: run pnpm --filter @rul/dashboard generate',
    ).toBe(true);
  });
});
