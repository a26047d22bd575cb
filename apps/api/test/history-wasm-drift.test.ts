// The committed WebAssembly history reader is compiled from wasm/history-reader.ts, byte for byte.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GENERATED, renderGenerated } from '../scripts/history-wasm-module.js';

describe('history-wasm.generated.ts', () => {
  it('matches a fresh build of wasm/history-reader.ts (run `pnpm --filter @rul/api wasm`)', async () => {
    const committed = readFileSync(GENERATED, 'utf8');
    const generated = await renderGenerated();
    expect(
      generated === committed,
      'apps/api/src/predict-body/history-wasm.generated.ts is stale: run pnpm --filter @rul/api wasm',
    ).toBe(true);
  }, 60_000);
});
