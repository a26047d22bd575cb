/**
 * Where the server listens. With authentication off every route is open, model upload and
 * activation included, so an unset HOST means loopback, and a non-loopback HOST is refused unless
 * the operator turns PROTECTED_MODE off (the same guard as Redis's protected mode).
 */
import { isIP } from 'node:net';
import { parseApiKeys } from './api-keys.js';
import type { ConfigInput } from './schema.js';

type AuthInputs = Pick<ConfigInput, 'API_KEYS' | 'AUTH_MODE' | 'NODE_ENV'>;

/** Whether requests must present an API key: always in production or with keys configured (auto). */
export function authRequired(config: AuthInputs): boolean {
  if (config.AUTH_MODE !== 'auto') return config.AUTH_MODE === 'required';
  return config.NODE_ENV === 'production' || parseApiKeys(config.API_KEYS).length > 0;
}

/** True for addresses only this machine can reach: localhost, 127.0.0.0/8, ::1 (and its v4-mapped form). */
export function isLoopback(host: string): boolean {
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1');
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  const v4 = h.startsWith('::ffff:') ? h.slice('::ffff:'.length) : h;
  if (isIP(v4) === 4) return v4.startsWith('127.');
  return isIP(h) === 6 && /^(0{0,4}:){2,7}0{0,3}1$/.test(h);
}

const LOOPBACK_HOST = '127.0.0.1';
const ALL_INTERFACES = '0.0.0.0';

/**
 * The address to listen on, or the reason it would expose an open API. Without HOST: every
 * interface when authentication is on (containers, Kubernetes, production), loopback when it is off.
 */
export function resolveListenHost(
  config: AuthInputs & Pick<ConfigInput, 'HOST' | 'PROTECTED_MODE'>,
): { host: string } | { refused: string } {
  const auth = authRequired(config);
  const host = config.HOST ?? (auth ? ALL_INTERFACES : LOOPBACK_HOST);
  if (auth || isLoopback(host) || !config.PROTECTED_MODE) return { host };
  return {
    refused:
      `HOST=${host} would let anyone on the network call every route, model upload and activation ` +
      'included, because authentication is off (no API_KEYS). Add keys (pnpm --filter @rul/api keygen), ' +
      'listen on loopback (unset HOST or HOST=127.0.0.1), or set PROTECTED_MODE=false to serve an ' +
      'open API on a network you trust',
  };
}
