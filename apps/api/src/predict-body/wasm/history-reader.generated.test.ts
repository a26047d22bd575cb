// Pure unit test: the committed WebAssembly history reader is compiled from history-reader.as.ts, byte
// for byte (the real AssemblyScript compiler runs).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GENERATED, renderGenerated } from './build-history-reader.js';

describe('history-reader.generated.ts', () => {
  it('matches a fresh build of history-reader.as.ts (run `pnpm --filter @rul/api wasm`)', async () => {
    const committed = readFileSync(GENERATED, 'utf8');
    const generated = await renderGenerated();
    expect(
      generated === committed,
      'apps/api/src/predict-body/wasm/history-reader.generated.ts is stale: run pnpm --filter @rul/api wasm',
    ).toBe(true);
  }, 60_000);
});
