// Real: embedded PGlite persisted in a temp folder, closed and reopened. Faked: nothing.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatabaseUnavailableError } from '../../src/errors.js';
import { migrate } from '../../src/migrate.js';
import { openDatabase } from '../../src/open-database.js';
import { createRepositories } from '../../src/repositories/index.js';
import { readings } from './readings.js';

describe('embedded database persistence', () => {
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'rul-db-persist-'));
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it('keeps committed data across close and reopen', async () => {
    const first = await openDatabase({ dataDir });
    expect(first.kind).toBe('pglite');
    await migrate(first);
    const repos = createRepositories(first);
    await repos.telemetry.ingest('ENG-017', readings(1, 25));
    await repos.models.register({
      version: 'v1',
      name: 'm',
      card: { window: 30 },
      onnx: new Uint8Array([7, 7]),
    });
    await repos.models.activate('v1', { actor: 'test' });
    await first.close();
    await expect(first.ping()).rejects.toBeInstanceOf(DatabaseUnavailableError);

    const second = await openDatabase({ dataDir });
    try {
      expect(await migrate(second)).toEqual({ applied: 0 });
      const again = createRepositories(second);
      expect(await again.telemetry.count('ENG-017')).toBe(25);
      expect((await again.telemetry.lastCycles('ENG-017', 1))[0]?.sensors).toEqual(
        readings(25, 25)[0]?.sensors,
      );
      expect((await again.models.getActive('m'))?.version).toBe('v1');
      expect(await again.models.getArtifact('v1')).toEqual(new Uint8Array([7, 7]));
    } finally {
      await second.close();
    }
  });
});
