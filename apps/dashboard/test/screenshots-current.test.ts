// @vitest-environment node
// Real files, nothing faked: the committed screenshots' model (written by the e2e run) against the bundled default.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repoFile = (path: string) => fileURLToPath(new URL(`../../../${path}`, import.meta.url));
const readJson = (path: string) =>
  JSON.parse(readFileSync(repoFile(path), 'utf8')) as Record<string, unknown>;

describe('docs/screenshots', () => {
  it('show the bundled default model (the e2e run regenerates them: pnpm --filter @rul/dashboard e2e)', () => {
    const card = readJson('models/default/model-card.json');
    const shown = readJson('docs/screenshots/model.json');
    expect(
      { name: shown['name'], version: shown['version'] },
      'docs/screenshots are stale: run pnpm --filter @rul/dashboard e2e and commit docs/screenshots',
    ).toEqual({ name: card['name'], version: card['version'] });
  });
});
