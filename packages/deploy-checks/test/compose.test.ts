// Real: docker-compose v1.29 `config` and dclint on the committed Compose files. Faked: nothing
// (a temporary .env made from each committed template, CHANGE_ME replaced).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { comboArgs, comboName, combos, composeFiles, composeV1 } from '../src/compose.js';
import {
  envExample,
  fromRoot,
  isPinnedImage,
  packageRoot,
  parseEnvFile,
  readRepoFile,
  run,
} from '../src/repo.js';

type Service = Record<string, unknown> & {
  image?: string;
  build?: unknown;
  healthcheck?: { test?: unknown; disable?: boolean };
  depends_on?: Record<string, { condition?: string }> | string[];
  deploy?: { resources?: { limits?: { cpus?: string; memory?: string } } };
  read_only?: boolean;
  ports?: unknown[];
  container_name?: string;
  profiles?: string[];
  user?: string;
};
type ComposeFile = {
  services: Record<string, Service>;
  networks?: Record<string, { internal?: boolean }>;
  volumes?: Record<string, unknown>;
} & Record<string, unknown>;

const files = composeFiles;
const load = (f: string): ComposeFile => YAML.parse(readRepoFile(f), { merge: true }) as ComposeFile;

describe('docker-compose config (Compose v1.29 parses and merges every combination)', () => {
  const compose = composeV1();
  for (const combo of combos) {
    it(comboName(combo), () => {
      const res = run(compose, [...comboArgs(combo), 'config']);
      expect(res.code, res.output).toBe(0);
      const merged = YAML.parse(res.stdout) as ComposeFile;
      if (combo.profiles.includes('gpu')) expect(Object.keys(merged.services)).toContain('trainer-gpu');
      if (combo.profiles.includes('tools'))
        expect(Object.keys(merged.services)).toEqual(expect.arrayContaining(['adminer', 'redisinsight']));
    });
  }

  it('refuses to start without the secrets (no silent defaults)', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rul-compose-'));
    const env = path.join(dir, '.env');
    writeFileSync(env, '');
    const res = run(compose, ['--env-file', env, '-f', 'docker-compose.yml', 'config', '-q'], {
      env: { PATH: process.env['PATH'] },
    });
    expect(res.code).not.toBe(0);
    expect(res.output).toMatch(/POSTGRES_PASSWORD|REDIS_PASSWORD|GRAFANA_ADMIN_PASSWORD/);
  });
});

describe('dclint (Compose Specification schema and lint rules)', () => {
  for (const f of files) {
    it(f, () => {
      const res = run(path.join(packageRoot, 'node_modules/.bin/dclint'), [fromRoot(f)], {
        cwd: packageRoot,
      });
      expect(res.code, res.output).toBe(0);
    });
  }
});

describe('keys both Compose v1.29 and v2 accept', () => {
  for (const f of files) {
    it(f, () => {
      const doc = YAML.parse(readRepoFile(f), { merge: true }) as ComposeFile;
      for (const key of ['name', 'include', 'version'])
        expect(doc, `top-level ${key}`).not.toHaveProperty(key);
      const text = readRepoFile(f);
      expect(text).not.toMatch(/^\s+develop:/m);
      expect(text).not.toMatch(/start_interval/);
      for (const [name, svc] of Object.entries(doc.services)) {
        if (svc.depends_on && !Array.isArray(svc.depends_on)) {
          for (const dep of Object.values(svc.depends_on))
            expect(dep, `${name} depends_on`).not.toHaveProperty('required');
        }
      }
    });
  }
});

describe('production stack policy (docker-compose.yml)', () => {
  const prod = load('docker-compose.yml');
  const env = envExample();

  it('every service has a healthcheck, CPU and memory limits and a read-only root filesystem', () => {
    for (const [name, svc] of Object.entries(prod.services)) {
      expect(svc.healthcheck?.test, `${name} healthcheck`).toBeTruthy();
      expect(svc.healthcheck?.disable, `${name} healthcheck disabled`).not.toBe(true);
      expect(svc.deploy?.resources?.limits?.cpus, `${name} cpu limit`).toBeTruthy();
      expect(svc.deploy?.resources?.limits?.memory, `${name} memory limit`).toBeTruthy();
      expect(svc.read_only, `${name} read_only`).toBe(true);
    }
  });

  it('depends_on always waits for health', () => {
    for (const [name, svc] of Object.entries(prod.services)) {
      if (!svc.depends_on) continue;
      expect(Array.isArray(svc.depends_on), `${name}: use the long form`).toBe(false);
      for (const [dep, cond] of Object.entries(svc.depends_on)) {
        expect(prod.services[dep], `${name} depends on unknown ${dep}`).toBeDefined();
        expect(prod.services[dep]?.healthcheck, `${dep} needs a healthcheck`).toBeDefined();
        expect(cond.condition, `${name} -> ${dep}`).toBe('service_healthy');
      }
    }
  });

  it('the api can be scaled: no container_name, no published port', () => {
    const api = prod.services['api'];
    expect(api).toBeDefined();
    expect(api).not.toHaveProperty('container_name');
    expect(api).not.toHaveProperty('ports');
    for (const svc of Object.values(prod.services)) expect(svc).not.toHaveProperty('container_name');
  });

  it('networks: frontend, internal backend, monitoring; databases only on the backend', () => {
    expect(Object.keys(prod.networks ?? {}).sort()).toEqual(['backend', 'frontend', 'monitoring']);
    expect(prod.networks?.['backend']?.internal).toBe(true);
    for (const db of ['postgres', 'redis']) expect(prod.services[db]?.['networks']).toEqual(['backend']);
    expect(prod.services['edge']?.['networks']).toEqual(['frontend']);
  });

  it('named volumes for state', () => {
    expect(Object.keys(prod.volumes ?? {})).toEqual(
      expect.arrayContaining(['postgres-data', 'redis-data', 'prometheus-data', 'grafana-data']),
    );
  });

  it('the GPU trainer sits in the gpu profile with a device reservation', () => {
    const gpu = prod.services['trainer-gpu'] as Service & {
      deploy?: { resources?: { reservations?: { devices?: { capabilities?: string[] }[] } } };
    };
    expect(gpu.profiles).toEqual(['gpu']);
    expect(gpu.deploy?.resources?.reservations?.devices?.[0]?.capabilities).toEqual(['gpu']);
    expect(prod.services['trainer']?.profiles).toBeUndefined();
  });

  it('containers run as non-root users where the image does not already', () => {
    for (const name of [
      'postgres',
      'redis',
      'prometheus',
      'grafana',
      'postgres-exporter',
      'redis-exporter',
    ]) {
      expect(prod.services[name]?.user, name).toMatch(/^[1-9]\d*:[1-9]\d*$/);
    }
  });

  it('images are pinned, and their defaults match .env.example', () => {
    const text = readRepoFile('docker-compose.yml');
    for (const m of text.matchAll(/\$\{([A-Z_]+_IMAGE):-([^}]+)\}/g)) {
      const [, key = '', fallback = ''] = m;
      expect(env.get(key), `${key} in .env.example`).toBe(fallback);
      expect(isPinnedImage(fallback), `${key}=${fallback} is pinned`).toBe(true);
    }
    for (const [name, svc] of Object.entries(prod.services)) {
      if (svc.build) continue;
      expect(svc.image, `${name} image`).toMatch(/^\$\{[A-Z_]+_IMAGE:-/);
    }
  });

  it('no secret has a default; every variable used is documented in every .env template', () => {
    const usedBy = (f: string) =>
      new Set([...readRepoFile(f).matchAll(/\$\{([A-Z][A-Z0-9_]*)(:?[-?][^}]*)?\}/g)].map((m) => m[1] ?? ''));
    for (const f of files) {
      const text = readRepoFile(f);
      for (const secret of ['POSTGRES_PASSWORD', 'REDIS_PASSWORD', 'GRAFANA_ADMIN_PASSWORD']) {
        expect(text, `${f}: ${secret} must not have a default`).not.toMatch(new RegExp(`\\$\\{${secret}:-`));
      }
    }
    // The production file's variables belong in every template; the dev layer's in the dev one.
    const needs: [string, string[]][] = [
      ['.env.example', ['docker-compose.yml', 'docker-compose.test.yml']],
      ['.env.production.example', ['docker-compose.yml']],
      ['.env.development.example', files],
    ];
    for (const [template, users] of needs) {
      const keys = parseEnvFile(readRepoFile(template));
      for (const f of users)
        for (const v of usedBy(f)) expect(keys.has(v), `${v} (${f}) missing from ${template}`).toBe(true);
    }
    const prodEnv = parseEnvFile(readRepoFile('.env.production.example'));
    for (const secret of ['POSTGRES_PASSWORD', 'REDIS_PASSWORD', 'API_KEYS', 'GRAFANA_ADMIN_PASSWORD']) {
      expect(prodEnv.get(secret), secret).toBe('CHANGE_ME');
    }
  });
});

describe('development and test layers', () => {
  it('dev: hot reload with source mounts, tsx watch, Vite, DB ports, 9229 and a tools profile', () => {
    const dev = load('docker-compose.dev.yml');
    const text = readRepoFile('docker-compose.dev.yml');
    expect(text).toMatch(/tsx.*watch/);
    expect(text).toMatch(/vite/);
    expect(text).toMatch(/9229/);
    expect(dev.services['postgres']?.ports).toBeDefined();
    expect(dev.services['redis']?.ports).toBeDefined();
    expect(dev.services['adminer']?.profiles).toEqual(['tools']);
    expect(dev.services['redisinsight']?.profiles).toEqual(['tools']);
    expect(JSON.stringify(dev.services['api']?.['volumes'])).toMatch(/apps\/api/);
  });

  it('test: a one-shot runner that depends on the healthy stack', () => {
    const test = load('docker-compose.test.yml');
    const runner = test.services['e2e'];
    expect(runner).toBeDefined();
    expect(runner?.depends_on).toMatchObject({ edge: { condition: 'service_healthy' } });
  });
});
