// The real server entry (src/server.ts) in a child process, as `pnpm start` runs it; nothing is faked.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const apiDir = fileURLToPath(new URL('..', import.meta.url));
const START_TIMEOUT_MS = 90_000;

interface Run {
  code: number | null;
  output: string;
  listening?: string;
}

/** Starts the server with `env` (nothing inherited but PATH); stops it once it says where it is bound. */
function startServer(env: Record<string, string>): Promise<Run> {
  return new Promise((resolve, reject) => {
    // One process (tsx as a loader, not its CLI wrapper), so a kill leaves no grandchild behind.
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
      cwd: apiDir,
      env: {
        PATH: process.env['PATH'] ?? '',
        PORT: '0',
        LOG_LEVEL: 'info',
        DEMO_SEED: '0',
        DATA_DIR: mkdtempSync(join(tmpdir(), 'rul-listen-')),
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let listening: string | undefined;
    const timer = setTimeout(() => child.kill('SIGKILL'), START_TIMEOUT_MS);
    const onData = (d: Buffer) => {
      output += d.toString();
      const m = /"bound to (\S+) port \d+, authentication (?:on|off)"/.exec(output);
      if (m && !listening) {
        listening = m[1];
        child.kill('SIGTERM');
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output, listening });
    });
  });
}

describe('server start', { timeout: START_TIMEOUT_MS + 10_000 }, () => {
  it('listens on every interface in production with keys, as containers and Kubernetes need', async () => {
    const run = await startServer({ NODE_ENV: 'production', API_KEYS: `ops:admin:${'ab'.repeat(32)}` });
    expect(run.listening).toBe('0.0.0.0');
    expect(run.output).toMatch(/authentication on/);
  });

  it('listens on loopback only when HOST is unset', async () => {
    const run = await startServer({});
    expect(run.listening).toBe('127.0.0.1');
    expect(run.output).not.toMatch(/Server listening at http:\/\/(?!127\.0\.0\.1)/);
  });

  it('refuses a non-loopback HOST with exit 78 and a message naming the fixes', async () => {
    const run = await startServer({ HOST: '0.0.0.0' });
    expect(run.code).toBe(78);
    expect(run.listening).toBeUndefined();
    expect(run.output).toMatch(/refusing to start: HOST=0\.0\.0\.0 .*API_KEYS.*PROTECTED_MODE=false/);
  });

  it('serves beyond loopback when PROTECTED_MODE=false says the network is trusted', async () => {
    const run = await startServer({ HOST: '0.0.0.0', PROTECTED_MODE: 'false' });
    expect(run.listening).toBe('0.0.0.0');
  });
});
