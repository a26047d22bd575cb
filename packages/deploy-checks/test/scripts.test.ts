// Real: shellcheck on every shell script we ship, and each script's --help run for real.
// Faked: nothing.
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fromRoot, run, tool } from '../src/repo.js';

const scripts = readdirSync(fromRoot('docker/scripts')).filter((f) => f.endsWith('.sh'));
const others = [
  'docker/nginx/30-rul-edge-upstream.sh',
  'docker/nginx/40-rul-edge-tls.sh',
  'docker/base-stand-ins/nginx/docker-entrypoint.sh',
  'docker/base-stand-ins/nginx/docker-entrypoint.d/20-envsubst-on-templates.sh',
  'docker/base-stand-ins/postgres/docker-entrypoint.sh',
  'docker/base-stand-ins/trainer-wheels/pack-debian-wheels.sh',
  'docker/secrets/init-secrets.sh',
  'packages/deploy-checks/scripts/smoke.sh',
];

describe('shellcheck', () => {
  it('docker/scripts, entrypoints and the smoke script are clean', () => {
    const res = run(tool('shellcheck'), [...scripts.map((s) => `docker/scripts/${s}`), ...others]);
    expect(res.code, res.output).toBe(0);
  });
});

describe('--help', () => {
  for (const s of scripts.filter((x) => x !== 'lib.sh')) {
    it(s, () => {
      const res = run('bash', [`docker/scripts/${s}`, '--help']);
      expect(res.code, res.output).toBe(0);
      expect(res.stdout).toMatch(/^Usage: /);
    });
  }
  it('the required scripts exist', () => {
    expect(scripts).toEqual(
      expect.arrayContaining([
        'build_all.sh',
        'health_check.sh',
        'backup.sh',
        'restore.sh',
        'logs.sh',
        'build-base-stand-ins.sh',
        'ci-install.sh',
      ]),
    );
  });
});
