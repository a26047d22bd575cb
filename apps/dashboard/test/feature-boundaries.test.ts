// @vitest-environment node
// Real ESLint with the repository's own config, on source text placed at real paths; nothing faked.
import { join } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const repoRoot = join(import.meta.dirname, '..', '..', '..');
const eslint = new ESLint({ cwd: repoRoot });

/** Lints `code` as if it were the file at `path` (relative to apps/dashboard/src); returns the boundary errors. */
async function boundaryErrors(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(repoRoot, 'apps/dashboard/src', path) });
  return (result?.messages ?? [])
    .filter((message) => message.ruleId === 'import-x/no-restricted-paths')
    .map((message) => message.message);
}

// Loading the config brings up typescript-eslint: seconds on a busy 2-core machine.
describe('dashboard import boundaries', { timeout: 60_000 }, () => {
  it('reject a feature importing another feature', async () => {
    const errors = await boundaryErrors(
      'features/engine/probe.ts',
      "export { useEngines } from '../fleet/api/get-engines';\n",
    );
    expect(errors).toEqual([
      expect.stringContaining('"../fleet/api/get-engines" imported in restricted zone'),
    ]);
  });

  it('reject a feature importing app wiring', async () => {
    const errors = await boundaryErrors(
      'features/fleet/probe.ts',
      "export { Layout } from '../../app/layout';\n",
    );
    expect(errors).toEqual([expect.stringContaining('"../../app/layout" imported in restricted zone')]);
  });

  it('reject shared code importing a feature', async () => {
    const errors = await boundaryErrors(
      'lib/api/probe.ts',
      "export { useFleetSummary } from '../../features/fleet/api/get-fleet-summary';\n",
    );
    expect(errors).toHaveLength(1);
  });

  it('accept a feature importing itself and shared code', async () => {
    const errors = await boundaryErrors(
      'features/engine/probe.ts',
      [
        "export { useEngine } from './api/get-engine';",
        "export { queryKeys } from '../../lib/api/query-keys';",
        "export { PageHeader } from '../../components/page-header';",
        '',
      ].join('\n'),
    );
    expect(errors).toEqual([]);
  });
});
