/**
 * API keys are stored only as SHA-256 hashes: `name:scope:sha256hex`, comma-separated. A leaked config
 * therefore doesn't leak usable keys; `pnpm --filter @rul/api keygen` prints a new key and its line.
 */
import { createHash, randomBytes } from 'node:crypto';

export type Scope = 'read' | 'admin';

export interface ApiKeyEntry {
  name: string;
  scope: Scope;
  hash: string;
}

const ENTRY = /^([A-Za-z0-9_.-]{1,64}):(read|admin):([0-9a-f]{64})$/;

export const hashKey = (key: string): string => createHash('sha256').update(key, 'utf8').digest('hex');

export function parseApiKeys(value: string): ApiKeyEntry[] {
  return value
    .split(/[,\n]/)
    .map((s) => s.trim())
    .filter(Boolean)
    .map((entry, i) => {
      const m = ENTRY.exec(entry.replace(/[0-9a-f]{64}$/i, (hex) => hex.toLowerCase()));
      if (!m) throw new Error(`entry ${i + 1} is not name:scope:sha256hex (scope read|admin)`);
      return { name: m[1] as string, scope: m[2] as Scope, hash: m[3] as string };
    });
}

/** A new random key (URL-safe) and the config entry that accepts it. */
export function generateKey(name: string, scope: Scope): { key: string; entry: string } {
  const key = `rul_${randomBytes(24).toString('base64url')}`;
  return { key, entry: `${name}:${scope}:${hashKey(key)}` };
}
