// `pnpm generate` writes src/lib/api/schema.generated.ts; `pnpm generate --check` only verifies it.
import { readFile, writeFile } from 'node:fs/promises';
import { OPENAPI_PATH, TYPES_PATH, renderApiTypes } from './api-types';

const check = process.argv.includes('--check');
const rendered = await renderApiTypes();

if (check) {
  const current = await readFile(TYPES_PATH, 'utf8').catch(() => '');
  if (current !== rendered) {
    console.error(
      `${TYPES_PATH} is out of date with ${OPENAPI_PATH}; run: pnpm --filter @rul/dashboard generate`,
    );
    process.exit(1);
  }
  console.log('API types are up to date.');
} else {
  await writeFile(TYPES_PATH, rendered);
  console.log(`Wrote ${TYPES_PATH}`);
}
