// Real config loader and listen-address rules on literal env objects; nothing is faked.
import { describe, expect, it } from 'vitest';
import { hashKey } from './api-keys.js';
import { isLoopback } from './listen-address.js';
import { loadConfig } from './load-config.js';

const KEYS = `ops:admin:${hashKey('a-long-enough-test-key-0123456789')}`;

describe('listen address', () => {
  it('listens on loopback when authentication is off and HOST is unset', () => {
    expect(loadConfig({}).HOST).toBe('127.0.0.1');
    expect(loadConfig({ AUTH_MODE: 'disabled', NODE_ENV: 'production' }).HOST).toBe('127.0.0.1');
  });

  it('listens on every interface by default when authentication is on, as production does today', () => {
    expect(loadConfig({ NODE_ENV: 'production', API_KEYS: KEYS }).HOST).toBe('0.0.0.0');
    expect(loadConfig({ API_KEYS: KEYS }).HOST).toBe('0.0.0.0');
    expect(loadConfig({ AUTH_MODE: 'required', API_KEYS: KEYS, HOST: '0.0.0.0' }).HOST).toBe('0.0.0.0');
  });

  it.each(['0.0.0.0', '::', '192.168.1.20', 'api.example.org'])(
    'refuses HOST=%s with authentication off, naming the ways out',
    (HOST) => {
      expect(() => loadConfig({ HOST })).toThrow(
        new RegExp(`refusing to start: HOST=${HOST.replace(/\./g, '\\.')} .*API_KEYS.*PROTECTED_MODE=false`),
      );
      expect(() => loadConfig({ HOST, NODE_ENV: 'production', AUTH_MODE: 'disabled' })).toThrow(/HOST/);
    },
  );

  it('serves an open API beyond loopback only when PROTECTED_MODE=false says so', () => {
    expect(loadConfig({ HOST: '0.0.0.0', PROTECTED_MODE: 'false' }).HOST).toBe('0.0.0.0');
    expect(() => loadConfig({ PROTECTED_MODE: 'maybe' })).toThrow(/PROTECTED_MODE/);
  });

  it.each(['127.0.0.1', '127.0.0.2', 'localhost', '::1', '[::1]', '0:0:0:0:0:0:0:1', '::ffff:127.0.0.1'])(
    'accepts the loopback HOST %s with authentication off',
    (HOST) => {
      expect(isLoopback(HOST)).toBe(true);
      expect(loadConfig({ HOST }).HOST).toBe(HOST);
    },
  );

  it.each(['0.0.0.0', '::', '10.0.0.1', '::ffff:10.0.0.1', '128.0.0.1', 'example.org', '::2'])(
    'does not count %s as loopback',
    (host) => expect(isLoopback(host)).toBe(false),
  );
});
