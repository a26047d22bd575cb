// Pure unit test: no network, no DOM; the env objects are literals.
import { describe, expect, it } from 'vitest';
import { EnvError, parseEnv, resolveApiBaseUrl } from './env';

describe('parseEnv', () => {
  it('defaults to same origin and no Grafana link', () => {
    expect(parseEnv({})).toEqual({ apiBaseUrl: '', grafanaUrl: null });
  });

  it('accepts a path prefix and a full URL, trimming trailing slashes', () => {
    expect(
      parseEnv({ VITE_API_BASE_URL: '/api/', VITE_GRAFANA_URL: 'https://grafana.example.com/d/rul/' }),
    ).toEqual({
      apiBaseUrl: '/api',
      grafanaUrl: 'https://grafana.example.com/d/rul',
    });
  });

  it('names the variable that is wrong', () => {
    expect(() => parseEnv({ VITE_API_BASE_URL: 'ftp://x' })).toThrowError(EnvError);
    expect(() => parseEnv({ VITE_API_BASE_URL: 'api' })).toThrowError(/VITE_API_BASE_URL/);
    expect(() => parseEnv({ VITE_GRAFANA_URL: 'grafana:3000' })).toThrowError(/VITE_GRAFANA_URL/);
    expect(() => parseEnv({ VITE_API_BASE_URL: '//evil.example' })).toThrowError(/protocol-relative/);
  });
});

describe('resolveApiBaseUrl', () => {
  it('resolves relative bases against the page origin', () => {
    expect(resolveApiBaseUrl('', 'http://localhost:8000')).toBe('http://localhost:8000');
    expect(resolveApiBaseUrl('/api', 'https://rul.example.com')).toBe('https://rul.example.com/api');
    expect(resolveApiBaseUrl('http://10.0.0.5:8000', 'https://rul.example.com')).toBe('http://10.0.0.5:8000');
  });
});
