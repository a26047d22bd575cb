/** The suite itself must not touch the repository's default data directory. */
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { defaultDataDir } from '../src/config/paths.js';
import { testConfig } from './helpers/test-app.js';

describe('test configuration', () => {
  it('keeps fleet storage out of the default DATA_DIR that `pnpm start` serves from', () => {
    const dir = testConfig().DATA_DIR as string;
    expect(dir).not.toBe(defaultDataDir);
    expect(dir.startsWith(process.env['RUL_TEST_DATA_ROOT'] as string)).toBe(true);
    expect(dir.startsWith(tmpdir())).toBe(true);
    // One directory per test process; a test can still choose its own.
    expect(testConfig().DATA_DIR).toBe(dir);
    expect(testConfig({ DATA_DIR: '/tmp/elsewhere' }).DATA_DIR).toBe('/tmp/elsewhere');
  });
});
