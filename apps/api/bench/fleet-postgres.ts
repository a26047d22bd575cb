/**
 * A PostgreSQL instance of the fleet bench's own: initdb into a temporary folder, listening on a free
 * port on 127.0.0.1 and a socket in that folder, so the bench can restart it mid-stream without
 * touching any other server. As root, the server runs as the `postgres` OS user (it refuses to run as
 * root). PG_BIN names the server's binaries (default: Debian's PostgreSQL 15).
 */
import { execFile } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const PG_BIN = process.env['PG_BIN'] ?? '/usr/lib/postgresql/15/bin';
const asRoot = process.getuid?.() === 0;

/** Server settings for a 2-core box holding ~10 million cycles; durability left at its defaults. */
export const PG_SETTINGS = [
  'shared_buffers=512MB',
  'max_wal_size=4GB',
  'checkpoint_timeout=15min',
  'max_connections=200',
  'listen_addresses=127.0.0.1',
];

async function asPostgres(command: string, args: string[]) {
  const [file, argv] = asRoot
    ? ['runuser', ['-u', 'postgres', '--', join(PG_BIN, command), ...args]]
    : [join(PG_BIN, command), args];
  try {
    return await run(file, argv, { maxBuffer: 1 << 22 });
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${command} ${args.join(' ')} failed:\n${e.stdout ?? ''}${e.stderr ?? e.message}`);
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export interface OwnPostgres {
  /** postgres://postgres@127.0.0.1:<port>/<database> */
  url: (database?: string) => string;
  /** `pg_ctl restart -m fast`; resolves once the server accepts connections again, with its length. */
  restart: () => Promise<number>;
  stop: () => Promise<void>;
}

export async function startOwnPostgres(): Promise<OwnPostgres> {
  const dir = mkdtempSync(join(tmpdir(), 'rul-fleet-bench-pg-'));
  const data = join(dir, 'data');
  if (asRoot) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const { stdout: gid } = await run('id', ['-g', 'postgres']);
    chownSync(dir, Number(stdout.trim()), Number(gid.trim()));
  }
  const port = await freePort();
  await asPostgres('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--no-sync']);
  const options = ['-p', String(port), '-k', dir, ...PG_SETTINGS.flatMap((s) => ['-c', s])].join(' ');
  const ctl = (action: string, extra: string[] = []) =>
    asPostgres('pg_ctl', ['-D', data, '-l', join(dir, 'server.log'), '-w', '-t', '120', ...extra, action]);
  await ctl('start', ['-o', options]);
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await ctl('stop', ['-m', 'fast']).catch(() => ctl('stop', ['-m', 'immediate']).catch(() => undefined));
    rmSync(dir, { recursive: true, force: true });
  };
  // A bench stopped with Ctrl-C must not leave a server running.
  process.once('SIGINT', () => void stop().finally(() => process.exit(130)));
  return {
    url: (database = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${database}`,
    restart: async () => {
      const t0 = performance.now();
      await ctl('restart', ['-m', 'fast']);
      return performance.now() - t0;
    },
    stop,
  };
}
