/**
 * One scratch folder for the whole run, removed at the end: test apps keep their DATA_DIR (embedded
 * database, unpacked registry models) under it instead of the repository's default `.data`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  const root = mkdtempSync(join(tmpdir(), 'rul-api-test-'));
  process.env['RUL_TEST_DATA_ROOT'] = root;
  return () => rmSync(root, { recursive: true, force: true });
}
