// Real hashing and parsing; nothing is faked.
import { describe, expect, it } from 'vitest';
import { generateKey, hashKey, parseApiKeys } from './api-keys.js';

describe('api keys', () => {
  it('generates a key whose entry parses back to its hash', () => {
    const { key, entry } = generateKey('dash', 'read');
    expect(entry).not.toContain(key);
    expect(parseApiKeys(entry)).toEqual([{ name: 'dash', scope: 'read', hash: hashKey(key) }]);
  });

  it('parses comma and newline separated lists, accepting upper-case hex', () => {
    const h = hashKey('x');
    expect(parseApiKeys(`a:read:${h},\n b:admin:${h.toUpperCase()} `).map((k) => k.scope)).toEqual([
      'read',
      'admin',
    ]);
  });

  it('rejects unknown scopes and raw keys', () => {
    expect(() => parseApiKeys(`a:write:${hashKey('x')}`)).toThrow();
    expect(() => parseApiKeys('a:read:plaintextkey')).toThrow();
  });
});
