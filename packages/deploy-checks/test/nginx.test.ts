// Real: Debian's nginx runs `nginx -t` on the edge and dashboard configurations, rendered the way the
// image entrypoints render them (templates + the edge's TLS script, with a throw-away certificate).
// Faked: file locations (/etc/nginx, /tmp) are moved under a temporary prefix.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderNginx } from '../src/nginx-conf.js';
import { apiBatchBodyLimitBytes, readRepoFile, run, tool } from '../src/repo.js';

describe('nginx -t', () => {
  const nginx = tool('nginx');
  for (const [kind, tls] of [
    ['dashboard', false],
    ['edge', false],
    ['edge', true],
  ] as const) {
    it(`${kind}${tls ? ' with TLS' : ''}`, () => {
      // Debian's nginx (before 1.27.3) resolves the API's name when it loads the configuration, so
      // here it is a name this machine resolves; in the stack, Compose's DNS resolves `api`.
      const { root, conf, tlsScriptOutput, upstreamScriptOutput } = renderNginx(kind, {
        tls,
        vars: { API_UPSTREAM: 'localhost:8000' },
      });
      if (kind === 'edge') expect(upstreamScriptOutput).toMatch(/30-rul-edge-upstream: localhost:8000/);
      if (kind === 'edge') expect(tlsScriptOutput).toMatch(tls ? /enabling HTTPS/ : /plain HTTP/);
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

  it('edge: every API replica behind one upstream (scaling), rate limit, own /healthz, metrics not exposed', () => {
    expect(edge).toMatch(/resolver \$\{NGINX_LOCAL_RESOLVERS\} valid=10s/);
    expect(edge).toMatch(/location \/api\/ \{[^}]*proxy_pass http:\/\/rul_api;/);
    expect(edge).not.toMatch(/\$rul_api_upstream/);
    expect(edge).toMatch(/limit_req zone=rul_api/);
    expect(edge).toMatch(/location = \/healthz/);
    expect(edge).toMatch(/location = \/api\/metrics \{\s*return 404;/);
  });

  it('edge: telemetry ingest and batch prediction take bulk bodies, streamed, under the same per-client limits', () => {
    const block =
      /location ~ \^\/api\/\(\(fleet\|engines\/\[\^\/\]\+\)\/telemetry\|predict\/batch\)\$ \{([^}]*)\}/.exec(
        edge,
      )?.[1];
    expect(block, 'the bulk-body location').toBeDefined();
    expect(block).toMatch(/limit_req zone=rul_api burst=\d+ nodelay;/);
    expect(block).toMatch(/limit_conn rul_conn \d+;/);
    expect(block).toMatch(/proxy_request_buffering off;/);
    expect(block).toMatch(/proxy_pass http:\/\/rul_api;/);
    // Above the API's own limit (BATCH_BODY_LIMIT_BYTES) so the API answers with its own 413.
    const size = /client_max_body_size (\d+)m;/.exec(block ?? '')?.[1];
    expect(Number(size) * 1024 * 1024).toBeGreaterThan(apiBatchBodyLimitBytes());
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
