// Real: PostgreSQL at TEST_DATABASE_URL, reached through a local TCP proxy the test cuts; a closed port. Faked: nothing.
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/database.js';
import { DatabaseUnavailableError } from '../../src/errors.js';
import { migrate } from '../../src/migrate.js';
import { openDatabase } from '../../src/open-database.js';
import { createRepositories } from '../../src/repositories/index.js';
import { TEST_DATABASE_URL, uniqueSchema } from './backends.js';
import { readings } from './readings.js';
import { TcpProxy } from '../../src/testing/tcp-proxy.js';

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('PostgreSQL going away', () => {
  const schema = uniqueSchema();
  let direct: Database;

  beforeAll(async () => {
    direct = await openDatabase({ databaseUrl: TEST_DATABASE_URL, schema });
    await migrate(direct);
  });
  afterAll(async () => {
    await direct.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await direct.close();
  });

  it('rejects ingestion with DatabaseUnavailableError when nothing listens', async () => {
    const url = new URL(TEST_DATABASE_URL);
    url.port = String(await closedPort());
    const db = await openDatabase({ databaseUrl: url.toString(), schema, connectionTimeoutMillis: 1000 });
    try {
      const err = await createRepositories(db)
        .telemetry.ingest('ENG-GONE', readings(1, 5))
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DatabaseUnavailableError);
      expect(err).toMatchObject({ code: 'DATABASE_UNAVAILABLE', statusCode: 503 });
      await expect(db.ping()).rejects.toBeInstanceOf(DatabaseUnavailableError);
      await expect(migrate(db)).rejects.toBeInstanceOf(DatabaseUnavailableError);
    } finally {
      await db.close();
    }
    expect(await createRepositories(direct).telemetry.count('ENG-GONE')).toBe(0);
  });

  it('rejects ingestion once an established pool loses the server, and reports nothing stored', async () => {
    const target = new URL(TEST_DATABASE_URL);
    const proxy = new TcpProxy(target.hostname, Number(target.port || 5432));
    await proxy.start();
    const viaProxy = new URL(TEST_DATABASE_URL);
    viaProxy.hostname = '127.0.0.1';
    viaProxy.port = String(proxy.port);
    const db = await openDatabase({
      databaseUrl: viaProxy.toString(),
      schema,
      connectionTimeoutMillis: 1000,
    });
    const repos = createRepositories(db);
    try {
      expect(await repos.telemetry.ingest('ENG-CUT', readings(1, 10))).toMatchObject({ stored: 10 });
      await proxy.cut();
      const err = await repos.telemetry.ingest('ENG-CUT', readings(11, 20)).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DatabaseUnavailableError);
      await expect(db.ping()).rejects.toBeInstanceOf(DatabaseUnavailableError);
    } finally {
      await db.close();
    }
    expect(await createRepositories(direct).telemetry.count('ENG-CUT')).toBe(10);
  });

  it('rolls back and rejects when the connection drops inside a transaction', async () => {
    const target = new URL(TEST_DATABASE_URL);
    const proxy = new TcpProxy(target.hostname, Number(target.port || 5432));
    await proxy.start();
    const viaProxy = new URL(TEST_DATABASE_URL);
    viaProxy.hostname = '127.0.0.1';
    viaProxy.port = String(proxy.port);
    const db = await openDatabase({
      databaseUrl: viaProxy.toString(),
      schema,
      connectionTimeoutMillis: 1000,
    });
    try {
      const err = await db
        .transaction(async (tx) => {
          await tx.query(`INSERT INTO engines (id) VALUES ('ENG-MID')`);
          await proxy.cut();
          await tx.query('SELECT 1');
        })
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DatabaseUnavailableError);
    } finally {
      await db.close();
    }
    expect(await createRepositories(direct).engines.get('ENG-MID')).toBeNull();
  });
});
