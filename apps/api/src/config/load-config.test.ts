// Real loader on literal env objects and temp files; nothing is faked.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hashKey } from './api-keys.js';
import { loadConfig } from './load-config.js';
import { defaultModelDir } from './paths.js';

describe('loadConfig', () => {
  it('applies defaults, including a MODEL_DIR independent of the cwd', () => {
    const c = loadConfig({});
    expect(c.PORT).toBe(8000);
    expect(c.MODEL_DIR).toBe(defaultModelDir);
    expect(defaultModelDir.endsWith('/models/default')).toBe(true);
    expect(c.INFERENCE_THREADS).toBeGreaterThanOrEqual(1);
  });

  it('serves the other bundled models beside the default one, unless MODEL_DIR or EXTRA_MODEL_DIRS says otherwise', () => {
    const models = join(defaultModelDir, '..');
    expect(loadConfig({}).EXTRA_MODEL_DIRS).toEqual(
      ['cmapss-fd002-tcn-ensemble', 'cmapss-fd003-tcn-ensemble', 'cmapss-fd004-tcn-ensemble'].map((d) =>
        join(models, d),
      ),
    );
    expect(loadConfig({ MODEL_DIR: '/m/own' }).EXTRA_MODEL_DIRS).toEqual([]);
    expect(loadConfig({ EXTRA_MODEL_DIRS: '' }).EXTRA_MODEL_DIRS).toEqual([]);
    expect(loadConfig({ MODEL_DIR: '/m/a', EXTRA_MODEL_DIRS: '/m/b, /m/c ,' }).EXTRA_MODEL_DIRS).toEqual([
      '/m/b',
      '/m/c',
    ]);
    expect(loadConfig({}).MODEL_PREFERENCE).toEqual([]);
    expect(loadConfig({ MODEL_PREFERENCE: 'x-fd003, x-fd001' }).MODEL_PREFERENCE).toEqual([
      'x-fd003',
      'x-fd001',
    ]);
  });

  it('defaults BATCH_DISPATCH_SIZE to 8, or to BATCH_MAX_SIZE when that is smaller', () => {
    expect(loadConfig({}).BATCH_DISPATCH_SIZE).toBe(8);
    expect(loadConfig({ BATCH_MAX_SIZE: '4' }).BATCH_DISPATCH_SIZE).toBe(4);
    expect(loadConfig({ BATCH_MAX_SIZE: '4', BATCH_DISPATCH_SIZE: '2' }).BATCH_DISPATCH_SIZE).toBe(2);
  });

  it('gives large prediction bodies a reader thread when there is a second core', () => {
    expect(loadConfig({ CPU_LIMIT: '2' }).BODY_READER_THREADS).toBe(1);
    expect(loadConfig({ CPU_LIMIT: '1' }).BODY_READER_THREADS).toBe(0);
    expect(loadConfig({ CPU_LIMIT: '1', BODY_READER_THREADS: '2' }).BODY_READER_THREADS).toBe(2);
    expect(loadConfig({}).BODY_READER_MIN_BYTES).toBe(262_144);
    expect(() => loadConfig({ BODY_READER_THREADS: '-1' })).toThrow(/BODY_READER_THREADS/);
  });

  it('keeps telemetry forever by default and maintains storage hourly', () => {
    const c = loadConfig({});
    expect([
      c.TELEMETRY_RETENTION_DAYS,
      c.STORAGE_MAINTENANCE_INTERVAL_MINUTES,
      c.FLEET_RUL_BAND_WIDTH,
    ]).toEqual([0, 60, 25]);
    const set = loadConfig({
      TELEMETRY_RETENTION_DAYS: '400',
      STORAGE_MAINTENANCE_INTERVAL_MINUTES: '5',
      FLEET_RUL_BAND_WIDTH: '10',
    });
    expect([
      set.TELEMETRY_RETENTION_DAYS,
      set.STORAGE_MAINTENANCE_INTERVAL_MINUTES,
      set.FLEET_RUL_BAND_WIDTH,
    ]).toEqual([400, 5, 10]);
  });

  it('coerces numbers and booleans', () => {
    const c = loadConfig({ PORT: '9001', TRUST_PROXY: 'true', BATCH_MAX_WAIT_MS: '0.5', CPU_LIMIT: '4' });
    expect([c.PORT, c.TRUST_PROXY, c.BATCH_MAX_WAIT_MS, c.INFERENCE_THREADS]).toEqual([9001, true, 0.5, 3]);
  });

  it.each([
    [{ PORT: 'eighty' }, /PORT.*integer.*eighty/],
    [{ PORT: '70000' }, /PORT/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL: must be one of fatal, error/],
    [{ NODE_ENV: 'staging' }, /NODE_ENV/],
    [{ API_KEYS: 'not-a-key' }, /API_KEYS: entry 1/],
    [{ BATCH_MAX_ENGINES: '5000', QUEUE_MAX: '100' }, /BATCH_MAX_ENGINES/],
    [
      { BATCH_DISPATCH_SIZE: '16', BATCH_MAX_SIZE: '8' },
      /BATCH_DISPATCH_SIZE: must not exceed BATCH_MAX_SIZE/,
    ],
    [{ BATCH_DISPATCH_SIZE: '0' }, /BATCH_DISPATCH_SIZE/],
    [{ TELEMETRY_RETENTION_DAYS: '-1' }, /TELEMETRY_RETENTION_DAYS/],
    [{ STORAGE_MAINTENANCE_INTERVAL_MINUTES: '0' }, /STORAGE_MAINTENANCE_INTERVAL_MINUTES/],
    [{ FLEET_RUL_BAND_WIDTH: 'wide' }, /FLEET_RUL_BAND_WIDTH/],
  ])('names the bad variable (%o)', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('reads secrets from <NAME>_FILE and refuses both forms at once', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rul-cfg-'));
    const entry = `a:read:${hashKey('k')}`;
    writeFileSync(join(dir, 'keys'), `${entry}\n`);
    expect(loadConfig({ API_KEYS_FILE: join(dir, 'keys') }).API_KEYS).toBe(entry);
    expect(() => loadConfig({ API_KEYS_FILE: join(dir, 'keys'), API_KEYS: entry })).toThrow(/both set/);
    expect(() => loadConfig({ DATABASE_URL_FILE: join(dir, 'missing') })).toThrow(/DATABASE_URL_FILE/);
  });
});
