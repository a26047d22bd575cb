// The dashboard's configuration, read once from Vite's build-time env and validated before anything renders.

export interface DashboardEnv {
  /** '' means same origin; otherwise a path prefix ('/api') or an absolute http(s) URL, without a trailing slash. */
  apiBaseUrl: string;
  /** Where the Grafana link points; null when not configured. */
  grafanaUrl: string | null;
}

export class EnvError extends Error {
  constructor(
    readonly variable: string,
    readonly value: string,
    reason: string,
  ) {
    super(`${variable}=${JSON.stringify(value)} is invalid: ${reason}`);
    this.name = 'EnvError';
  }
}

type RawEnv = Record<string, string | boolean | undefined>;

function readString(raw: RawEnv, name: string): string {
  const value = raw[name];
  return typeof value === 'string' ? value.trim() : '';
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/** Accepts '', a path starting with '/', or an absolute http(s) URL; anything else names the variable. */
function parseLocation(raw: RawEnv, name: string): string {
  const value = readString(raw, name);
  if (value === '') return '';
  if (value.startsWith('//')) {
    throw new EnvError(
      name,
      value,
      'protocol-relative URLs are not supported; use a path like /api or a full URL',
    );
  }
  if (value.startsWith('/')) {
    if (/[?#\s]/.test(value)) throw new EnvError(name, value, 'a path prefix may not contain ?, # or spaces');
    return value.replace(/\/+$/, '');
  }
  if (!isHttpUrl(value)) {
    throw new EnvError(name, value, 'expected empty (same origin), a path like /api, or an http(s) URL');
  }
  return value.replace(/\/+$/, '');
}

export function parseEnv(raw: RawEnv): DashboardEnv {
  const apiBaseUrl = parseLocation(raw, 'VITE_API_BASE_URL');
  const grafana = parseLocation(raw, 'VITE_GRAFANA_URL');
  return { apiBaseUrl, grafanaUrl: grafana === '' ? null : grafana };
}

/** Turns the configured base into an absolute URL for fetch (a relative base resolves against the page). */
export function resolveApiBaseUrl(apiBaseUrl: string, origin: string): string {
  return new URL(apiBaseUrl === '' ? '/' : apiBaseUrl, origin).toString().replace(/\/+$/, '');
}
