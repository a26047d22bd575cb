/**
 * The edge and dashboard nginx configurations rendered the way the image entrypoints render them
 * (templates through envsubst, the edge's TLS script), with /etc/nginx and /tmp moved under a
 * temporary prefix so Debian's nginx can test or run them unprivileged.
 */
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fromRoot, readRepoFile, run, tool } from './repo.js';

export const DEFAULT_VARS: Readonly<Record<string, string>> = {
  NGINX_LOCAL_RESOLVERS: '127.0.0.11',
  API_UPSTREAM: 'api:8000',
  DASHBOARD_UPSTREAM: 'dashboard:8080',
  EDGE_SERVER_NAME: 'rul.example.com',
  EDGE_API_RATE: '20r/s',
};

export interface RenderedNginx {
  root: string;
  conf: string;
  /** What the edge's TLS start-up script printed (empty for the dashboard). */
  tlsScriptOutput: string;
  /** What the edge's upstream start-up script printed (empty for the dashboard). */
  upstreamScriptOutput: string;
}

/** envsubst of the variables set (as the entrypoints do), then paths moved under the prefix. */
function relocate(text: string, root: string, vars: Record<string, string>): string {
  return text
    .replace(/\$\{([A-Z_]+)\}/g, (m, k: string) => vars[k] ?? m)
    .replaceAll('/tmp/', '\u0000RUN/')
    .replaceAll('/etc/nginx/', '\u0000ETC/')
    .replaceAll('\u0000RUN/', `${root}/run/`)
    .replaceAll('\u0000ETC/', `${root}/etc/`)
    .replaceAll('/usr/share/nginx/html', `${root}/html`)
    .replaceAll('/dev/stderr', `${root}/error.log`)
    .replaceAll('/dev/stdout', `${root}/access.log`);
}

export function renderNginx(
  kind: 'edge' | 'dashboard',
  options: { tls?: boolean; vars?: Record<string, string> } = {},
): RenderedNginx {
  const vars = { ...DEFAULT_VARS, ...options.vars };
  const root = mkdtempSync(path.join(tmpdir(), `rul-nginx-${kind}-`));
  for (const d of ['etc/snippets', 'run', 'html', 'certs'])
    mkdirSync(path.join(root, d), { recursive: true });
  cpSync('/etc/nginx/mime.types', path.join(root, 'etc/mime.types'));
  for (const f of readdirSync(fromRoot('docker/nginx/snippets'))) {
    writeFileSync(
      path.join(root, 'etc/snippets', f),
      relocate(readRepoFile('docker/nginx/snippets', f), root, vars),
    );
  }
  const dir = kind === 'edge' ? 'docker/nginx' : 'docker/dashboard';
  const template = kind === 'edge' ? 'rul-edge.conf' : 'rul-dashboard.conf';
  writeFileSync(path.join(root, 'etc/nginx.conf'), relocate(readRepoFile(dir, 'nginx.conf'), root, vars));
  writeFileSync(
    path.join(root, 'run', template),
    relocate(readRepoFile(dir, `${template}.template`), root, vars),
  );
  let tlsScriptOutput = '';
  let upstreamScriptOutput = '';
  if (kind === 'edge') {
    // The edge's API upstream, written for the nginx that runs the tests (found on PATH, as in the image).
    const upstreamScript = path.join(root, 'edge-upstream.sh');
    writeFileSync(
      upstreamScript,
      readRepoFile('docker/nginx/30-rul-edge-upstream.sh').replace('out=/tmp', `out=${root}/run`),
    );
    const nginxDir = path.dirname(tool('nginx'));
    const up = run('sh', [upstreamScript], {
      env: { ...process.env, ...vars, PATH: `${nginxDir}${path.delimiter}${process.env['PATH'] ?? ''}` },
    });
    if (up.code !== 0) throw new Error(`30-rul-edge-upstream.sh failed:\n${up.output}`);
    upstreamScriptOutput = up.output;
    if (options.tls) {
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
      if (res.code !== 0) throw new Error(`openssl failed:\n${res.output}`);
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
    const res = run('sh', [script], { env: { ...process.env, ...vars } });
    if (res.code !== 0) throw new Error(`40-rul-edge-tls.sh failed:\n${res.output}`);
    tlsScriptOutput = res.output;
  }
  return { root, conf: path.join(root, 'etc/nginx.conf'), tlsScriptOutput, upstreamScriptOutput };
}
