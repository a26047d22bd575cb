// Real files, nothing faked: the worker statements here, in the Python trainer and in this package's README must not drift.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as workerSql from './training-jobs-sql.js';

const repoRoot = join(import.meta.dirname, '..', '..', '..', '..');
const pythonSource = readFileSync(join(repoRoot, 'apps/trainer/rul_trainer/worker_sql.py'), 'utf8');
const readme = readFileSync(join(repoRoot, 'packages/db/README.md'), 'utf8');

/** `NAME = """..."""` assignments, by name. */
function pythonStatements(source: string): Map<string, string> {
  return new Map([...source.matchAll(/^([A-Z_]+) = """([\s\S]*?)"""/gm)].map((m) => [m[1]!, m[2]!]));
}

/** The README's fenced blocks of one language, in order. */
function fencedBlocks(markdown: string, language: string): string[] {
  return [...markdown.matchAll(new RegExp('^```' + language + '\\n([\\s\\S]*?)^```', 'gm'))].map(
    (m) => m[1]!,
  );
}

/** Layout and a closing semicolon are not part of a statement. */
const normalise = (sql: string) => sql.replace(/\s+/g, ' ').trim().replace(/;$/, '');

/** The TypeScript text with its `$n` placeholders written as psycopg's named ones. */
const asPsycopg = (sql: string, names: readonly string[]) =>
  sql.replace(/\$(\d+)/g, (_, n: string) => `%(${names[Number(n) - 1]})s`);

// Each TypeScript statement, its Python name and the psycopg names of $1, $2, ...
const shared = [
  ['CLAIM_NEXT_SQL', 'CLAIM', ['worker']],
  ['REPORT_PROGRESS_SQL', 'PROGRESS', ['id', 'worker', 'progress', 'log_tail']],
  ['COMPLETE_SQL', 'COMPLETE', ['id', 'worker', 'metrics', 'model_version', 'log_tail']],
  ['FAIL_SQL', 'FAIL', ['id', 'worker', 'error', 'log_tail']],
  ['RECLAIM_STALE_SQL', 'RECLAIM_STALE', ['timeout', 'max_attempts']],
] as const;

describe('worker SQL', () => {
  const python = pythonStatements(pythonSource);

  it.each(shared)('%s is the trainer’s %s', (tsName, pyName, names) => {
    expect(python.has(pyName), `worker_sql.py has no ${pyName}`).toBe(true);
    expect(normalise(asPsycopg(workerSql[tsName], names))).toBe(normalise(python.get(pyName)!));
  });

  it('README’s Python statements are the trainer’s', () => {
    const [block] = fencedBlocks(readme, 'python');
    const shown = pythonStatements(block ?? '');
    expect([...shown.keys()]).toEqual(['CLAIM', 'PROGRESS', 'COMPLETE', 'FAIL']);
    for (const [name, sql] of shown) expect(normalise(sql), name).toBe(normalise(python.get(name)!));
  });

  it('README’s SQL blocks are the stale reclaim and the fleet training data', () => {
    const [reclaim, fleet] = fencedBlocks(readme, 'sql').map(normalise);
    expect(reclaim).toBe(normalise(workerSql.RECLAIM_STALE_SQL));
    expect(fleet).toBe(normalise(python.get('FLEET_RUN_TO_FAILURE')!));
  });
});
