/** Regenerates apps/api/openapi.json (`pnpm --filter @rul/api openapi`); test/openapi.test.ts fails on drift. */
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { generateOpenApiDocument } from './openapi-document.js';

const target = fileURLToPath(new URL('../openapi.json', import.meta.url));
await writeFile(target, await generateOpenApiDocument());
console.log(`wrote ${target}`);
