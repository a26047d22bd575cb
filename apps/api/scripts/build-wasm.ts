/** Regenerates src/predict-body/history-wasm.generated.ts (`pnpm --filter @rul/api wasm`). */
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { GENERATED, renderGenerated } from './history-wasm-module.js';

await writeFile(GENERATED, await renderGenerated());
console.log(`wrote ${fileURLToPath(GENERATED)}`);
