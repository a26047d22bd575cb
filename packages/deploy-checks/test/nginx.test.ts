// Real: Debian's nginx runs `nginx -t` on the edge and dashboard configurations, rendered the way the
// image entrypoints render them (templates + the edge's TLS script, with a throw-away certificate).
// Faked: file locations (/etc/nginx, /tmp) are moved under a temporary prefix.
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fromRoot, readRepoFile, run, tool } from '../src/repo.js';

const VARS: Record<string, string> = {
  NGINX_LOCAL_RESOLVERS: '127.0.0.11',
  API_UPSTREAM: 'api:8000',
  DASHBOARD_UPSTREAM: 'dashboard:8080',
  EDGE_SERVER_NAME: 'rul.example.com',
  EDGE_API_RATE: '20r/s',
};

/** envsubst of the variables set (as the entrypoints do), then paths moved under the prefix. */
function relocate(text: string, root: string): string {
  return text
    .replace(/\$\{([A-Z_]+)\}/g, (m, k: string) => VARS[k] ?? m)
    .replaceAll('/tmp/', '\u0000RUN/')
    .replaceAll('/etc/nginx/', '\u0000ETC/')
    .replaceAll('\u0000RUN/', `${root}/run/`)
    .replaceAll('\u0000ETC/', `${root}/etc/`)
    .replaceAll('/usr/share/nginx/html', `${root}/html`)
    .replaceAll('/dev/stderr', `${root}/error.log`)
    .replaceAll('/dev/stdout', `${root}/access.log`);
}

function prepare(kind: 'edge' | 'dashboard', tls: boolean): { root: string; conf: string } {
  const root = mkdtempSync(path.join(tmpdir(), `rul-nginx-${kind}-`));
  for (const d of ['etc/snippets', 'run', 'html', 'certs'])
    mkdirSync(path.join(root, d), { recursive: true });
  cpSync('/etc/nginx/mime.types', path.join(root, 'etc/mime.types'));
  for (const f of readdirSync(fromRoot('docker/nginx/snippets'))) {
    writeFileSync(
      path.join(root, 'etc/snippets', f),
      relocate(readRepoFile('docker/nginx/snippets', f), root),
    );
  }
  const dir = kind === 'edge' ? 'docker/nginx' : 'docker/dashboard';
  const template = kind === 'edge' ? 'rul-edge.conf' : 'rul-dashboard.conf';
  writeFileSync(path.join(root, 'etc/nginx.conf'), relocate(readRepoFile(dir, 'nginx.conf'), root));
  writeFileSync(path.join(root, 'run', template), relocate(readRepoFile(dir, `${template}.template`), root));
  if (kind === 'edge') {
    if (tls) {
      const res = run(tool('openssl'), [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=rul.example.com',
        '-keyout',
        path.join(root, 'certs/tls.key'),
        '-out',
        path.join(root, 'certs/tls.crt'),
      ]);
      expect(res.code, res.output).toBe(0);
    }
    // The edge's start-up script, with its paths moved too.
    const script = path.join(root, 'edge-tls.sh');
    writeFileSync(
      script,
      readRepoFile('docker/nginx/40-rul-edge-tls.sh')
        .replaceAll('/etc/nginx/certs', `${root}/certs`)
        .replace('out=/tmp', `out=${root}/run`)
        .replaceAll('/etc/nginx/', `${root}/etc/`),
    );
    chmodSync(script, 0o755);
    const res = run('sh', [script], { env: { ...process.env, ...VARS } });
    expect(res.code, res.output).toBe(0);
    expect(res.output).toMatch(tls ? /enabling HTTPS/ : /plain HTTP/);
  }
  return { root, conf: path.join(root, 'etc/nginx.conf') };
}

describe('nginx -t', () => {
  const nginx = tool('nginx');
  for (const [kind, tls] of [
    ['dashboard', false],
    ['edge', false],
    ['edge', true],
  ] as const) {
    it(`${kind}${tls ? ' with TLS' : ''}`, () => {
      const { root, conf } = prepare(kind, tls);
      const res = run(nginx, ['-t', '-p', root, '-c', conf, '-e', path.join(root, 'error.log')]);
      expect(res.code, res.output).toBe(0);
      if (tls)
        expect(readFileSync(path.join(root, 'run/rul-edge-tls.conf'), 'utf8')).toMatch(/listen 8443 ssl/);
    });
  }
});

describe('what the configurations promise', () => {
  const headers = readRepoFile('docker/nginx/snippets/security-headers.conf');
  const dashboard = readRepoFile('docker/dashboard/rul-dashboard.conf.template');
  const edge =
    readRepoFile('docker/nginx/rul-edge.conf.template') +
    readRepoFile('docker/nginx/snippets/edge-routes.conf');

  it('security headers: CSP, X-Frame-Options, Referrer-Policy, nosniff', () => {
    for (const h of [
      'Content-Security-Policy',
      'X-Frame-Options',
      'Referrer-Policy',
      'X-Content-Type-Options "nosniff"',
    ])
      expect(headers).toContain(h);
  });

  it('edge access log: the URI with any event-stream ticket redacted, never $request_uri itself', () => {
    const conf = readRepoFile('docker/nginx/nginx.conf');
    expect(conf).toMatch(/"uri":"\$loggable_uri"/);
    expect(conf).not.toMatch(/"uri":"\$request_uri"/);
    const rule = /map \$request_uri \$loggable_uri \{\s*"~([^"]+)" "([^"]+)";/.exec(conf);
    expect(rule).not.toBeNull();
    // The same regular expression and replacement, applied as nginx does (PCRE named captures).
    const [, pattern, replacement] = rule as RegExpExecArray;
    const redact = (uri: string) => {
      const m = new RegExp(pattern as string).exec(uri);
      return m ? (replacement as string).replace(/\$\{(\w+)\}/g, (_, k: string) => m.groups?.[k] ?? '') : uri;
    };
    expect(redact('/api/events?ticket=SECRET')).toBe('/api/events?ticket=[redacted]');
    expect(redact('/api/events?types=model&ticket=SECRET&x=1')).toBe(
      '/api/events?types=model&ticket=[redacted]&x=1',
    );
    expect(redact('/api/events?noticket=keep')).toBe('/api/events?noticket=keep');
  });

  it('dashboard: 8080, gzip, immutable hashed assets, SPA fallback, /api proxy', () => {
    expect(dashboard).toMatch(/listen 8080;/);
    expect(readRepoFile('docker/dashboard/nginx.conf')).toMatch(/gzip on;/);
    expect(dashboard).toMatch(/immutable/);
    expect(dashboard).toMatch(/try_files \$uri \$uri\/ \/index\.html;/);
    expect(dashboard).toMatch(/location \/api\/[\s\S]*proxy_pass http:\/\/\$rul_api_upstream/);
  });

  it('edge: per-request DNS resolution (scaling), rate limit, own /healthz, metrics not exposed', () => {
    expect(edge).toMatch(/resolver \$\{NGINX_LOCAL_RESOLVERS\} valid=10s/);
    expect(edge).toMatch(/proxy_pass http:\/\/\$rul_api_upstream;/);
    expect(edge).toMatch(/limit_req zone=rul_api/);
    expect(edge).toMatch(/location = \/healthz/);
    expect(edge).toMatch(/location = \/api\/metrics \{\s*return 404;/);
  });
});

describe('redis.conf', () => {
  const conf = readRepoFile('docker/redis/redis.conf');
  it('AOF + RDB, maxmemory with a policy, protected mode, no password in the file', () => {
    expect(conf).toMatch(/^appendonly yes$/m);
    expect(conf).toMatch(/^save \d+ \d+$/m);
    expect(conf).toMatch(/^maxmemory \S+$/m);
    expect(conf).toMatch(/^maxmemory-policy \S+$/m);
    expect(conf).toMatch(/^protected-mode yes$/m);
    expect(conf).not.toMatch(/^requirepass/m);
  });
});
