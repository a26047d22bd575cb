/** Paths inside the repository and a synchronous command runner for the static checks. */
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
export const packageRoot = fileURLToPath(new URL('../', import.meta.url));

export const fromRoot = (...parts: string[]): string => path.join(repoRoot, ...parts);
export const readRepoFile = (...parts: string[]): string => readFileSync(fromRoot(...parts), 'utf8');

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
  output: string;
}

export function run(cmd: string, args: readonly string[], options: SpawnSyncOptions = {}): RunResult {
  const res = spawnSync(cmd, args, {
    cwd: repoRoot,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    ...options,
  });
  if (res.error) throw new Error(`${cmd}: ${res.error.message}`);
  const stdout = String(res.stdout ?? '');
  const stderr = String(res.stderr ?? '');
  return { code: res.status ?? -1, stdout, stderr, output: `${stdout}${stderr}` };
}

/** Absolute path of a tool, or a failure that says how to install it. */
export function tool(name: string, extraDirs: readonly string[] = []): string {
  const dirs = [...extraDirs, ...(process.env['PATH'] ?? '').split(path.delimiter), '/usr/sbin', '/sbin'];
  for (const dir of dirs) {
    const candidate = path.join(dir, name);
    if (dir && existsSync(candidate)) return candidate;
  }
  throw new Error(`${name} not found: run \`bash docker/scripts/ci-install.sh\` first`);
}

/** KEY=value pairs of an env file (comments and blank lines skipped). */
export function parseEnvFile(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split('\n')) {
    const m = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (m?.[1] !== undefined) out.set(m[1], m[2] ?? '');
  }
  return out;
}

/** The image pins of .env.example, the single source of base-image versions. */
export const envExample = (): Map<string, string> => parseEnvFile(readRepoFile('.env.example'));

/** An exact image reference: a versioned or dated tag (or a digest), never `latest` or a bare major. */
export function isPinnedImage(ref: string): boolean {
  const at = ref.lastIndexOf(':');
  if (at < 0 || ref.slice(at).includes('/')) return false;
  const tag = ref.slice(at + 1);
  if (tag === 'latest') return false;
  // major.minor at least (postgres:16.6-bookworm), or a dated tag (debian:bookworm-20241111-slim).
  return (
    /^v?\d+\.\d+(\.\d+)*([-+][\w.-]+)?$/.test(tag) ||
    /^[a-z]+-\d{8}/.test(tag) ||
    /@sha256:[0-9a-f]{64}$/.test(ref)
  );
}

/** The API's default body limit for its bulk routes (BATCH_BODY_LIMIT_BYTES in its config schema). */
export function apiBatchBodyLimitBytes(): number {
  const m = /BATCH_BODY_LIMIT_BYTES: int\(([\d_]+)/.exec(readRepoFile('apps/api/src/config/schema.ts'));
  if (!m?.[1]) throw new Error('BATCH_BODY_LIMIT_BYTES default not found in apps/api/src/config/schema.ts');
  return Number(m[1].replaceAll('_', ''));
}
