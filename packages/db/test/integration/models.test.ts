// Real: PostgreSQL at TEST_DATABASE_URL (own schema) and embedded PGlite (temp folder). Faked: nothing.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError, ValidationError } from '../../src/errors.js';
import { createRepositories, type Repositories } from '../../src/repositories/index.js';
import { BACKENDS, type OpenedBackend } from './backends.js';

const onnx = (n: number) => new Uint8Array(Array.from({ length: 64 }, (_, i) => (i * n) % 256));

describe.each(BACKENDS)('model registry on $name', (backend) => {
  let opened: OpenedBackend;
  let repos: Repositories;

  beforeAll(async () => {
    opened = await backend.open();
    repos = createRepositories(opened.db);
    for (const v of ['v1', 'v2', 'v3']) {
      await repos.models.register({
        version: v,
        name: 'cmapss-fd001',
        card: { version: v, window: 30 },
        onnx: onnx(Number(v.slice(1))),
        metrics: { rmse: 14 },
      });
    }
  });
  afterAll(() => opened.cleanup());

  const active = async () =>
    (await repos.models.list()).filter((m) => m.status === 'active').map((m) => m.version);

  it('registers staged models, hashing the bytes, and lists them without the bytes', async () => {
    const v1 = await repos.models.get('v1');
    expect(v1).toMatchObject({ status: 'staged', hasOnnx: true, card: { version: 'v1', window: 30 } });
    expect(v1?.sha256).toBe(createHash('sha256').update(onnx(1)).digest('hex'));
    expect(await repos.models.getArtifact('v1')).toEqual(onnx(1));
    expect((await repos.models.list()).map((m) => m.version).sort()).toEqual(['v1', 'v2', 'v3']);
    expect(await repos.models.getActive('cmapss-fd001')).toBeNull();
    expect(await repos.models.listActive()).toEqual([]);
  });

  it('accepts artifact paths and rejects bad registrations', async () => {
    const sha = 'ab'.repeat(32);
    const onDisk = await repos.models.register({
      version: 'disk',
      name: 'x',
      card: {},
      artifactPath: '/m/x.onnx',
      sha256: sha,
    });
    expect(onDisk).toMatchObject({ hasOnnx: false, artifactPath: '/m/x.onnx', sha256: sha });
    expect(await repos.models.getArtifact('disk')).toBeNull();
    await expect(
      repos.models.register({ version: 'v1', name: 'x', card: {}, onnx: onnx(1) }),
    ).rejects.toBeInstanceOf(ConflictError);
    await expect(
      repos.models.register({ version: 'bad', name: 'x', card: {}, onnx: onnx(1), sha256: '0'.repeat(64) }),
    ).rejects.toBeInstanceOf(ValidationError);
    await expect(repos.models.register({ version: 'none', name: 'x', card: {} })).rejects.toBeInstanceOf(
      ValidationError,
    );
  });

  it('activates exactly one version of a name, retiring the previous one and logging who did it', async () => {
    expect(await repos.models.activate('v1', { actor: 'alice' })).toEqual({
      name: 'cmapss-fd001',
      version: 'v1',
      previousVersion: null,
    });
    expect(await repos.models.activate('v2', { actor: 'bob', reason: 'better rmse' })).toEqual({
      name: 'cmapss-fd001',
      version: 'v2',
      previousVersion: 'v1',
    });
    expect(await active()).toEqual(['v2']);
    expect((await repos.models.get('v1'))?.status).toBe('retired');
    expect((await repos.models.getActive('cmapss-fd001'))?.activatedAt).toBeInstanceOf(Date);
    const [last] = await repos.models.listActivations();
    expect(last).toMatchObject({
      name: 'cmapss-fd001',
      version: 'v2',
      previousVersion: 'v1',
      action: 'activate',
      actor: 'bob',
      reason: 'better rmse',
    });
    // Re-activating the active model changes nothing.
    expect(await repos.models.activate('v2', { actor: 'bob' })).toEqual({
      name: 'cmapss-fd001',
      version: 'v2',
      previousVersion: 'v2',
    });
    await expect(repos.models.activate('nope', { actor: 'bob' })).rejects.toBeInstanceOf(NotFoundError);
  });

  it('rolls back through earlier activations, then refuses', async () => {
    await repos.models.activate('v3', { actor: 'carol' });
    const back = (name = 'cmapss-fd001') => repos.models.rollback(name, { actor: 'ops' });
    expect(await back()).toEqual({ name: 'cmapss-fd001', version: 'v2', previousVersion: 'v3' });
    expect(await back()).toEqual({ name: 'cmapss-fd001', version: 'v1', previousVersion: 'v2' });
    await expect(back()).rejects.toMatchObject({ code: 'NOTHING_TO_ROLL_BACK' });
    await expect(back('no-such-model')).rejects.toBeInstanceOf(NotFoundError);
    expect(await active()).toEqual(['v1']);
    expect((await repos.models.listActivations())[0]).toMatchObject({ action: 'rollback', version: 'v1' });
  });

  it('stays consistent under concurrent activations and rollbacks', async () => {
    const ops = Array.from({ length: 12 }, (_, i) =>
      i % 4 === 3
        ? repos.models.rollback('cmapss-fd001', { actor: `r${i}` }).catch(() => null)
        : repos.models.activate(`v${(i % 3) + 1}`, { actor: `a${i}` }),
    );
    await Promise.all(ops);
    const now = await active();
    expect(now).toHaveLength(1);
    // The log replays to the same state: its newest entry names the active model.
    expect((await repos.models.listActivations(1))[0]?.version).toBe(now[0]);
    const unique = await opened.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM models WHERE status = 'active'`,
    );
    expect(unique.rows[0]?.n).toBe(1);
  });

  it('refuses a second active version of a name at the database level', async () => {
    await expect(
      opened.db.query(
        `UPDATE models SET status = 'active' WHERE status <> 'active' AND name = 'cmapss-fd001'`,
      ),
    ).rejects.toThrow();
  });

  it('keeps one active version per name: activating or rolling back one name leaves the others', async () => {
    for (const v of ['w1', 'w2']) {
      await repos.models.register({ version: v, name: 'cmapss-fd002', card: {}, onnx: onnx(7 + v.length) });
    }
    const fd001 = (await repos.models.getActive('cmapss-fd001'))?.version;
    expect(await repos.models.activate('w1', { actor: 'ops' })).toMatchObject({ previousVersion: null });
    await repos.models.activate('w2', { actor: 'ops' });
    expect((await repos.models.listActive()).map((m) => [m.name, m.version])).toEqual([
      ['cmapss-fd001', fd001],
      ['cmapss-fd002', 'w2'],
    ]);
    // Rolling back FD002 walks FD002's own history, not FD001's.
    expect(await repos.models.rollback('cmapss-fd002', { actor: 'ops' })).toEqual({
      name: 'cmapss-fd002',
      version: 'w1',
      previousVersion: 'w2',
    });
    expect((await repos.models.getActive('cmapss-fd001'))?.version).toBe(fd001);
    expect((await repos.models.listActivations(10, 'cmapss-fd002')).map((a) => a.version)).toEqual([
      'w1',
      'w2',
      'w1',
    ]);
    await expect(repos.models.rollback('cmapss-fd002', { actor: 'ops' })).rejects.toMatchObject({
      code: 'NOTHING_TO_ROLL_BACK',
    });
  });
});
