// Real: docker-compose v1.29 `config` and dclint on the committed Compose files. Faked: nothing
// (a temporary .env made from each committed template, CHANGE_ME replaced, or an empty one).
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import {
  comboArgs,
  comboName,
  combos,
  composeFiles,
  composeV1,
  configWithoutEnv,
  missingProductionSecret,
  productionFiles,
} from '../src/compose.js';
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
  restart?: string;
  network_mode?: string;
  cap_add?: string[];
  environment?: Record<string, string>;
  volumes?: string[];
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

  it('a fresh clone: the stack needs no .env, and no credential is written into it', () => {
    const res = configWithoutEnv(compose, ['docker-compose.yml']);
    expect(res.code, res.output).toBe(0);
    expect(res.stdout).not.toMatch(/:\/\/[^/\s:@]*:[^@\s]+@/);
    expect(res.stdout).not.toMatch(/PASSWORD: /);
  });

  it('production refuses to start without its secrets, and names the missing one', () => {
    const res = configWithoutEnv(compose, productionFiles);
    expect(res.code).not.toBe(0);
    expect(res.output).toMatch(missingProductionSecret);
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

describe('stack policy (docker-compose.yml)', () => {
  const prod = load('docker-compose.yml');
  const env = envExample();

  const oneShot = (name: string) => prod.services[name]?.restart === 'no';

  it('every service has a healthcheck (one-shots: none), CPU and memory limits and a read-only root filesystem', () => {
    for (const [name, svc] of Object.entries(prod.services)) {
      if (oneShot(name)) expect(svc.healthcheck, `${name} exits when done`).toBeUndefined();
      else expect(svc.healthcheck?.test, `${name} healthcheck`).toBeTruthy();
      expect(svc.healthcheck?.disable, `${name} healthcheck disabled`).not.toBe(true);
      expect(svc.deploy?.resources?.limits?.cpus, `${name} cpu limit`).toBeTruthy();
      expect(svc.deploy?.resources?.limits?.memory, `${name} memory limit`).toBeTruthy();
      expect(svc.read_only, `${name} read_only`).toBe(true);
    }
  });

  it('depends_on always waits for health (or, for a one-shot service, for its success)', () => {
    for (const [name, svc] of Object.entries(prod.services)) {
      if (!svc.depends_on) continue;
      expect(Array.isArray(svc.depends_on), `${name}: use the long form`).toBe(false);
      for (const [dep, cond] of Object.entries(svc.depends_on)) {
        expect(prod.services[dep], `${name} depends on unknown ${dep}`).toBeDefined();
        if (oneShot(dep)) {
          expect(cond.condition, `${name} -> ${dep}`).toBe('service_completed_successfully');
          continue;
        }
        expect(prod.services[dep]?.healthcheck, `${dep} needs a healthcheck`).toBeDefined();
        expect(cond.condition, `${name} -> ${dep}`).toBe('service_healthy');
      }
    }
  });

  it('secrets are generated by the one-shot `secrets` service and read through *_FILE', () => {
    const init = prod.services['secrets'];
    expect(init?.restart).toBe('no');
    expect(init?.network_mode).toBe('none');
    expect(init?.environment?.['SECRETS_MODE']).toBe('generate');
    expect([...(init?.cap_add ?? [])].sort()).toEqual(['CHOWN', 'DAC_OVERRIDE', 'FOWNER']);
    const files: Record<string, string[]> = {
      postgres: ['POSTGRES_PASSWORD_FILE'],
      redis: ['REDIS_PASSWORD_FILE'],
      api: ['DATABASE_URL_FILE', 'REDIS_URL_FILE', 'API_KEYS_FILE'],
      trainer: ['DATABASE_URL_FILE'],
      'postgres-exporter': ['DATA_SOURCE_PASS_FILE'],
      grafana: ['GF_SECURITY_ADMIN_PASSWORD__FILE'],
    };
    for (const [name, vars] of Object.entries(files)) {
      const svc = prod.services[name];
      for (const v of vars)
        expect(svc?.environment?.[v], `${name} ${v}`).toMatch(new RegExp(`^/run/rul-secrets/${name}/`));
      expect(svc?.volumes, `${name} mounts the secrets read-only`).toContain(
        'rul-secrets:/run/rul-secrets:ro',
      );
      if (name !== 'grafana') expect(svc?.depends_on ?? {}, name).not.toEqual({});
    }
    // Everyone reading the volume starts after the secrets exist.
    for (const name of ['postgres', 'redis', 'api', 'trainer', 'grafana'])
      expect(prod.services[name]?.depends_on, name).toMatchObject({
        secrets: { condition: 'service_completed_successfully' },
      });
  });

  it('published ports bind to loopback unless the operator says otherwise', () => {
    for (const f of ['docker-compose.yml', 'docker-compose.dev.yml']) {
      for (const [name, svc] of Object.entries(load(f).services))
        for (const p of svc.ports ?? [])
          expect(String(p), `${f} ${name}`).toMatch(
            /^(127\.0\.0\.1|\$\{[A-Z_]+_BIND_ADDRESS:-127\.0\.0\.1\}):/,
          );
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
      expect.arrayContaining([
        'rul-secrets',
        'postgres-data',
        'redis-data',
        'prometheus-data',
        'grafana-data',
      ]),
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

  it('a plain `up` runs the local stack; Grafana is opt-in (production turns it on)', () => {
    const plain = Object.entries(prod.services)
      .filter(([, s]) => !s.profiles)
      .map(([n]) => n);
    expect(plain).toEqual(
      expect.arrayContaining(['secrets', 'api', 'dashboard', 'postgres', 'redis', 'prometheus', 'edge']),
    );
    expect(prod.services['grafana']?.profiles).toEqual(['grafana']);
    const prodEnv = parseEnvFile(readRepoFile('.env.production.example'));
    expect(prodEnv.get('COMPOSE_FILE')).toBe(productionFiles.join(':'));
    expect(prodEnv.get('COMPOSE_PROFILES')?.split(',')).toContain('grafana');
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
    const secrets = ['POSTGRES_PASSWORD', 'REDIS_PASSWORD', 'API_KEYS', 'GRAFANA_ADMIN_PASSWORD'];
    for (const f of files) {
      for (const secret of secrets) {
        if (f === 'docker-compose.prod.yml') expect(usedBy(f), `${f} requires ${secret}`).toContain(secret);
        else expect(usedBy(f), `${f} must not take ${secret} from the environment`).not.toContain(secret);
      }
    }
    const prodText = readRepoFile('docker-compose.prod.yml');
    for (const secret of secrets)
      expect(prodText, `${secret} is required (:?), never defaulted`).toMatch(
        new RegExp(`\\$\\{${secret}:\\?`),
      );
    // Each template documents the variables of the files it is used with; only production holds secrets.
    const needs: [string, string[]][] = [
      ['.env.example', ['docker-compose.yml', 'docker-compose.test.yml']],
      ['.env.production.example', productionFiles.slice()],
      [
        '.env.development.example',
        ['docker-compose.yml', 'docker-compose.dev.yml', 'docker-compose.test.yml'],
      ],
    ];
    for (const [template, users] of needs) {
      const keys = parseEnvFile(readRepoFile(template));
      for (const f of users)
        for (const v of usedBy(f)) expect(keys.has(v), `${v} (${f}) missing from ${template}`).toBe(true);
    }
    const prodEnv = parseEnvFile(readRepoFile('.env.production.example'));
    for (const secret of secrets) {
      expect(prodEnv.get(secret), secret).toBe('CHANGE_ME');
      for (const local of ['.env.example', '.env.development.example'])
        expect(parseEnvFile(readRepoFile(local)).has(secret), `${local} holds no ${secret}`).toBe(false);
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
