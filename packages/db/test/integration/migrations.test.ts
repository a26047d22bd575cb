// Real: PostgreSQL at TEST_DATABASE_URL (own schema) and embedded PGlite (temp folder). Faked: nothing.
import { readFileSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS_FOLDER, migrate } from '../../src/migrate.js';
import { openDatabase } from '../../src/open-database.js';
import { createRepositories } from '../../src/repositories/index.js';
import { BACKENDS, POSTGRES, TEST_DATABASE_URL, type OpenedBackend } from './backends.js';
import { reading } from './readings.js';

const JOURNAL = JSON.parse(readFileSync(path.join(MIGRATIONS_FOLDER, 'meta/_journal.json'), 'utf8')) as {
  entries: { tag: string; when: number }[];
};
const MIGRATIONS = JOURNAL.entries.length;

/** A migrations folder holding only the first `count` migrations: a database of an older release. */
async function olderRelease(count: number): Promise<string> {
  const folder = await mkdtemp(path.join(tmpdir(), 'rul-migrations-'));
  await mkdir(path.join(folder, 'meta'));
  const entries = JOURNAL.entries.slice(0, count);
  for (const e of entries)
    await copyFile(path.join(MIGRATIONS_FOLDER, `${e.tag}.sql`), path.join(folder, `${e.tag}.sql`));
  await writeFile(path.join(folder, 'meta/_journal.json'), JSON.stringify({ ...JOURNAL, entries }));
  return folder;
}

// telemetry and predictions are partitioned: each has a DEFAULT partition from the start.
const TABLES = [
  'engines',
  'model_activations',
  'models',
  'predictions',
  'predictions_default',
  'telemetry',
  'telemetry_kept',
  'training_jobs',
];

describe.each(BACKENDS)('migrations on $name', (backend) => {
  let opened: OpenedBackend;

  beforeAll(async () => {
    opened = await backend.open({ migrate: false });
  });
  afterAll(() => opened.cleanup());

  it('creates every table in the configured schema, and re-applying is a no-op', async () => {
    expect(await migrate(opened.db)).toEqual({ applied: MIGRATIONS });
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

describe.each(BACKENDS)('upgrading a database of the first release on $name', (backend) => {
  it('applies the later migrations and keeps what was stored', async () => {
    const opened = await backend.open({ migrate: false });
    const first = await olderRelease(1);
    try {
      expect(await migrate(opened.db, first)).toEqual({ applied: 1 });
      await opened.db.query(`INSERT INTO engines (id, rul, model_version) VALUES ('OLD-1', 42, 'v0')`);
      await opened.db.query(
        `INSERT INTO predictions (engine_id, cycle, rul, rul_lower, rul_upper, model_version)
         VALUES ('OLD-1', 10, 42, 30, 50, 'v0')`,
      );
      // The first release's registry: one active model, its activation logged without a name.
      await opened.db.query(
        `INSERT INTO models (version, name, card, onnx, sha256, status)
         VALUES ('v0', 'cmapss-fd001', '{}', '\\x00', '${'0'.repeat(64)}', 'active')`,
      );
      await opened.db.query(
        `INSERT INTO model_activations (version, action, actor) VALUES ('v0', 'activate', 'bootstrap')`,
      );
      expect(await migrate(opened.db)).toEqual({ applied: MIGRATIONS - 1 });
      const activations = await opened.db.query<{ name: string }>('SELECT name FROM model_activations');
      expect(activations.rows).toEqual([{ name: 'cmapss-fd001' }]);
      const old = await opened.db.query<{ model_name: string | null; prediction_model: string | null }>(
        `SELECT model_name, prediction_model FROM engines WHERE id = 'OLD-1'`,
      );
      expect(old.rows).toEqual([{ model_name: null, prediction_model: null }]);
      const engine = await opened.db.query<{ rul: number; warnings: string[] }>(
        `SELECT rul, warnings FROM engines WHERE id = 'OLD-1'`,
      );
      expect(engine.rows).toEqual([{ rul: 42, warnings: [] }]);
      const prediction = await opened.db.query<{ warnings: string[] }>(
        `SELECT warnings FROM predictions WHERE engine_id = 'OLD-1'`,
      );
      expect(prediction.rows).toEqual([{ warnings: [] }]);
    } finally {
      await rm(first, { recursive: true, force: true });
      await opened.cleanup();
    }
  });
});

describe.each(BACKENDS)('upgrading a database of the third release (unpartitioned) on $name', (backend) => {
  it('carries telemetry and prediction history over into the partitioned tables', async () => {
    const opened = await backend.open({ migrate: false });
    const third = await olderRelease(3);
    try {
      expect(await migrate(opened.db, third)).toEqual({ applied: 3 });
      await opened.db.query(`INSERT INTO engines (id, last_cycle) VALUES ('OLD-2', 3)`);
      for (const [cycle, at] of [
        [1, '2024-03-10T08:00:00.123456Z'],
        [2, '2024-03-31T23:59:59.999999Z'],
        [3, '2024-04-02T00:00:00Z'],
      ] as const) {
        const r = reading(cycle);
        await opened.db.query(
          'INSERT INTO telemetry (engine_id, cycle, settings, sensors, received_at) VALUES ($1, $2, $3, $4, $5)',
          ['OLD-2', cycle, r.settings, r.sensors, at],
        );
      }
      for (const cycle of [2, 3]) {
        await opened.db.query(
          `INSERT INTO predictions (engine_id, cycle, rul, rul_lower, rul_upper, model_version, created_at, warnings)
           VALUES ('OLD-2', $1, 50, 40, 60, 'v0', '2024-04-02T00:00:00Z', '{SHORT_HISTORY}')`,
          [cycle],
        );
      }
      const before = await opened.db.query(
        `SELECT engine_id, cycle, settings, sensors, received_at::text AS at FROM telemetry ORDER BY cycle`,
      );
      const beforePredictions = await opened.db.query(`SELECT * FROM predictions ORDER BY id`);
      expect(await migrate(opened.db)).toEqual({ applied: MIGRATIONS - 3 });

      const kinds = await opened.db.query<{ relname: string; relkind: string }>(
        `SELECT relname, relkind::text AS relkind FROM pg_class
         WHERE relnamespace = $1::regnamespace AND relname IN ('telemetry', 'predictions') ORDER BY 1`,
        [opened.db.schema],
      );
      expect(kinds.rows).toEqual([
        { relname: 'predictions', relkind: 'p' },
        { relname: 'telemetry', relkind: 'p' },
      ]);
      const after = await opened.db.query(
        `SELECT engine_id, cycle, settings, sensors, received_at::text AS at FROM telemetry ORDER BY cycle`,
      );
      expect(after.rows).toEqual(before.rows);
      expect((await opened.db.query(`SELECT * FROM predictions ORDER BY id`)).rows).toEqual(
        beforePredictions.rows,
      );

      const repos = createRepositories(opened.db);
      // The first maintenance run moves the carried rows out of DEFAULT into their months.
      const report = await repos.storage.maintain({
        now: new Date('2024-04-15T00:00:00Z'),
        retentionDays: 0,
      });
      expect(report.created).toEqual([
        'telemetry_y2024m03',
        'telemetry_y2024m04',
        'telemetry_y2024m05',
        'telemetry_y2024m06',
        'predictions_y2024m04',
        'predictions_y2024m05',
        'predictions_y2024m06',
      ]);
      expect(report.movedFromDefault).toBe(3 + 2);
      const placed = await opened.db.query<{ part: string; n: number }>(
        `SELECT tableoid::regclass::text AS part, count(*)::int AS n FROM telemetry GROUP BY 1 ORDER BY 1`,
      );
      expect(placed.rows.map((r) => [r.part.replace(/^.*\./, ''), r.n])).toEqual([
        ['telemetry_y2024m03', 2],
        ['telemetry_y2024m04', 1],
      ]);
      // The history goes on: new ids follow the carried ones, resends are still duplicates.
      await repos.predictions.record({
        engineId: 'OLD-2',
        cycle: 4,
        rul: 49,
        lower: 40,
        upper: 60,
        modelVersion: 'v1',
      });
      const ids = (await repos.predictions.listByEngine('OLD-2')).items.map((p) => p.id);
      expect(ids[0]).toBeGreaterThan(Math.max(...ids.slice(1)));
      expect((await repos.engines.getOrThrow('OLD-2')).prediction?.trend).toBeCloseTo(-0.5, 10);
      expect(await repos.telemetry.ingest('OLD-2', [reading(3), reading(4)])).toEqual({
        stored: 1,
        duplicates: 1,
        lastCycle: 4,
      });
    } finally {
      await rm(third, { recursive: true, force: true });
      await opened.cleanup();
    }
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
      expect(results.map((r) => r.applied).sort()).toEqual([0, 0, 0, MIGRATIONS]);
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
