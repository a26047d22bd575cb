// Real: embedded PGlite in one DATA_DIR kept across restarts, ONNX Runtime, the registry bootstrap.
// The bundled models are copies of the fixture with their own version and creation time.
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_MODEL_DIR } from '../helpers/test-app.js';
import { adminAuth, PGLITE_MEMORY, readAuth, startFleetApp, type BackendRun } from './fleet-backends.js';

describe('the bundled default model across upgrades', () => {
  let run: BackendRun;
  let models: string;

  /** A model folder like models/default, holding the fixture under another version and date. */
  async function bundled(version: string, createdAt: string): Promise<string> {
    const dir = join(models, version);
    const card = JSON.parse(await readFile(join(FIXTURE_MODEL_DIR, 'model-card.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'model-card.json'), JSON.stringify({ ...card, version, createdAt }));
    await copyFile(join(FIXTURE_MODEL_DIR, 'model.onnx'), join(dir, 'model.onnx'));
    return dir;
  }

  /** Starts the app on the shared DATA_DIR with `modelDir` bundled; returns the active version. */
  async function start(
    modelDir: string,
    then?: (app: Awaited<ReturnType<typeof startFleetApp>>) => Promise<void>,
  ) {
    const app = await startFleetApp({ ...run.env, MODEL_DIR: modelDir });
    try {
      await then?.(app);
      return (await app.inject({ url: '/models/active', headers: readAuth })).json().version as string;
    } finally {
      await app.close();
    }
  }

  beforeAll(async () => {
    run = await PGLITE_MEMORY.create();
    models = await mkdtemp(join(tmpdir(), 'rul-bundled-'));
  });
  afterAll(async () => {
    await run?.cleanup();
    await rm(models, { recursive: true, force: true });
  });

  it('follows a newer bundled default while nobody chose another model, and never goes back', async () => {
    expect(await start(await bundled('bundled-1', '2026-01-01T00:00:00Z'))).toBe('bundled-1');
    // The repository's default model was updated: the next start serves it.
    expect(await start(await bundled('bundled-2', '2026-02-01T00:00:00Z'))).toBe('bundled-2');
    // An older build restarting (a rolling upgrade) registers its model but does not activate it.
    expect(await start(await bundled('bundled-0', '2025-12-01T00:00:00Z'))).toBe('bundled-2');
  });

  it('keeps a model an operator activated, whatever the bundled default becomes', async () => {
    const dir = await bundled('bundled-2', '2026-02-01T00:00:00Z');
    const chosen = await start(dir, async (app) => {
      const res = await app.inject({ method: 'POST', url: '/models/bundled-1/activate', headers: adminAuth });
      expect(res.statusCode).toBe(200);
    });
    expect(chosen).toBe('bundled-1');
    expect(await start(await bundled('bundled-3', '2026-03-01T00:00:00Z'))).toBe('bundled-1');
  });
});
