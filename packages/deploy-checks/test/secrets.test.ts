// Real: docker/secrets/init-secrets.sh run by sh in a temporary directory. Faked: nothing; generate
// mode (which hands directories to other uids) runs in the smoke test's containers.
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../src/repo.js';

const script = 'docker/secrets/init-secrets.sh';
const provided = {
  POSTGRES_PASSWORD: 'pg-secret-1',
  REDIS_PASSWORD: 'redis-secret-1',
  API_KEYS: `ops:admin:${'a'.repeat(64)}`,
  GRAFANA_ADMIN_PASSWORD: 'grafana-secret-1',
};

function initSecrets(env: Record<string, string>, args: string[] = []) {
  const dir = mkdtempSync(path.join(tmpdir(), 'rul-secrets-'));
  const res = run('sh', [script, ...args], {
    env: { PATH: process.env['PATH'], SECRETS_DIR: dir, ...env },
  });
  return { ...res, dir };
}

describe('init-secrets.sh in production (SECRETS_MODE=provided)', () => {
  it.each(Object.keys(provided))('refuses to start without %s, naming it and the template', (name) => {
    const res = initSecrets({ ...provided, [name]: '', SECRETS_MODE: 'provided' });
    expect(res.code).toBe(1);
    expect(res.stderr).toContain(`${name} is not set`);
    expect(res.stderr).toContain('.env.production.example');
    expect(readdirSync(res.dir).filter((f) => !f.startsWith('.'))).toEqual([]);
  });

  it('refuses a CHANGE_ME left in place', () => {
    const res = initSecrets({ ...provided, REDIS_PASSWORD: 'CHANGE_ME', SECRETS_MODE: 'provided' });
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/REDIS_PASSWORD is still CHANGE_ME/);
  });

  it('refuses a password that would break a connection URL', () => {
    const res = initSecrets({ ...provided, POSTGRES_PASSWORD: 'p@ss/word', SECRETS_MODE: 'provided' });
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/postgres-password: use URL-safe characters only/);
  });
});

describe('init-secrets.sh arguments', () => {
  it('rejects an unknown mode, command or secret name', () => {
    expect(initSecrets({ SECRETS_MODE: 'fixed' }).stderr).toMatch(
      /SECRETS_MODE must be generate or provided/,
    );
    expect(initSecrets({}, ['rotate']).stderr).toMatch(/unknown command 'rotate'/);
    expect(initSecrets({}, ['show', 'database-url']).stderr).toMatch(/show: name one of api-key/);
    expect(initSecrets({}, ['show', 'api-key']).stderr).toMatch(/no api-key yet/);
  });
});
