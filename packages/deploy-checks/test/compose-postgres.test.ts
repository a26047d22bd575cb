// Real: docker-compose v1.29 `config` of every supported file combination, each with its .env template
// (or none), and the PostgreSQL server settings it resolves to. Faked: nothing.
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { comboArgs, comboName, combos, composeV1 } from '../src/compose.js';
import { DURABILITY_SETTINGS, memoryNeededMib, mib, serverSettings } from '../src/postgres-settings.js';
import { envExample, readRepoFile, run } from '../src/repo.js';

interface PostgresService {
  command?: string[];
  deploy?: { resources?: { limits?: { cpus?: string | number; memory?: string } } };
}

describe('PostgreSQL in Compose: tuned for ingest, durable, and its limit holds its settings', () => {
  const compose = composeV1();
  for (const combo of combos) {
    it(comboName(combo), () => {
      const res = run(compose, [...comboArgs(combo), 'config']);
      expect(res.code, res.output).toBe(0);
      const pg = (YAML.parse(res.stdout) as { services: Record<string, PostgresService> }).services[
        'postgres'
      ];
      const command = pg?.command ?? [];
      expect(command[0]).toBe('postgres');
      const s = serverSettings(command);
      for (const name of [
        'shared_buffers',
        'work_mem',
        'maintenance_work_mem',
        'max_connections',
        'max_wal_size',
        'checkpoint_timeout',
      ])
        expect(s.get(name), name).toBeTruthy();
      // Acknowledged means on disk: nothing that trades durability for speed.
      for (const name of DURABILITY_SETTINGS) expect(s.has(name), `${name} stays at its default`).toBe(false);
      // Checkpoints further apart than the stock 1GB / 5min: what the ingest benchmark needs.
      expect(mib(s.get('max_wal_size') ?? '0')).toBeGreaterThanOrEqual(4096);

      const limits = pg?.deploy?.resources?.limits;
      const memory = mib(String(limits?.memory ?? '0'));
      const needed = memoryNeededMib(s);
      expect(memory, `memory limit ${limits?.memory} holds ${needed} MiB`).toBeGreaterThanOrEqual(needed);
      expect(Number(limits?.cpus)).toBeGreaterThanOrEqual(1);
    });
  }

  it('every setting and limit comes from .env, with the same default as .env.example', () => {
    const text = readRepoFile('docker-compose.yml');
    const block = /^ {2}postgres:\n([\s\S]*?)^ {2}\S/m.exec(text)?.[1] ?? '';
    const uses = [...block.matchAll(/\$\{(POSTGRES_[A-Z_]+):-([^}]+)\}/g)];
    const names = uses.map((m) => m[1]);
    for (const v of [
      'POSTGRES_SHARED_BUFFERS',
      'POSTGRES_WORK_MEM',
      'POSTGRES_MAINTENANCE_WORK_MEM',
      'POSTGRES_MAX_CONNECTIONS',
      'POSTGRES_MAX_WAL_SIZE',
      'POSTGRES_CHECKPOINT_TIMEOUT',
      'POSTGRES_CPUS',
      'POSTGRES_MEMORY_LIMIT',
    ])
      expect(names).toContain(v);
    const env = envExample();
    for (const [, name = '', fallback] of uses)
      expect(env.get(name), `${name} in .env.example`).toBe(fallback);
  });
});
