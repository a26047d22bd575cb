// Real: PostgreSQL at TEST_DATABASE_URL (own schema) and embedded PGlite (temp folder). Faked: nothing.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS_FOLDER, migrate } from '../../src/migrate.js';
import { openDatabase } from '../../src/open-database.js';
import { BACKENDS, POSTGRES, TEST_DATABASE_URL, type OpenedBackend } from './backends.js';

const TABLES = ['engines', 'model_activations', 'models', 'predictions', 'telemetry', 'training_jobs'];

describe.each(BACKENDS)('migrations on $name', (backend) => {
  let opened: OpenedBackend;

  beforeAll(async () => {
    opened = await backend.open({ migrate: false });
  });
  afterAll(() => opened.cleanup());

  it('creates every table in the configured schema, and re-applying is a no-op', async () => {
    expect(await migrate(opened.db)).toEqual({ applied: 1 });
    const tables = await opened.db.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_name NOT LIKE '\\_\\_%'
       ORDER BY table_name`,
      [opened.db.schema],
    );
    expect(tables.rows.map((r) => r.table_name)).toEqual(TABLES);
    expect(await migrate(opened.db)).toEqual({ applied: 0 });
    expect(await migrate(opened.db)).toEqual({ applied: 0 });
  });

  it('answers ping', async () => {
    await expect(opened.db.ping()).resolves.toBeUndefined();
  });
});

describe('migrations on postgres, several starters at once', () => {
  it('applies each migration exactly once', async () => {
    const first = await POSTGRES.open({ migrate: false });
    const others = await Promise.all(
      Array.from({ length: 3 }, () =>
        openDatabase({ databaseUrl: TEST_DATABASE_URL, schema: first.db.schema }),
      ),
    );
    try {
      const results = await Promise.all([first.db, ...others].map((db) => migrate(db)));
      expect(results.map((r) => r.applied).sort()).toEqual([0, 0, 0, 1]);
    } finally {
      await Promise.all(others.map((db) => db.close()));
      await first.cleanup();
    }
  });
});

describe('migration folder', () => {
  it('lists every SQL file in the journal, in order, split into single statements', async () => {
    const journal = JSON.parse(
      await readFile(path.join(MIGRATIONS_FOLDER, 'meta/_journal.json'), 'utf8'),
    ) as {
      entries: { tag: string; when: number; breakpoints: boolean }[];
    };
    const files = (await readdir(MIGRATIONS_FOLDER)).filter((f) => f.endsWith('.sql')).sort();
    expect(journal.entries.map((e) => `${e.tag}.sql`)).toEqual(files);
    const whens = journal.entries.map((e) => e.when);
    expect([...whens].sort((a, b) => a - b)).toEqual(whens);
    for (const entry of journal.entries) {
      expect(entry.breakpoints).toBe(true);
      const sql = await readFile(path.join(MIGRATIONS_FOLDER, `${entry.tag}.sql`), 'utf8');
      // The embedded driver runs one statement per call: a chunk may end with at most one ';'.
      for (const chunk of sql.split('--> statement-breakpoint')) {
        const code = chunk.replace(/--.*$/gm, '').trim();
        expect(code.replace(/;$/, '')).not.toContain(';');
      }
    }
  });
});
