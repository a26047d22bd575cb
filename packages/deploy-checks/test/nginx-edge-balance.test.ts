// Real: Debian's nginx running the rendered edge configuration (its API upstream written by
// 30-rul-edge-upstream.sh) on a free local port, real HTTP requests through it, and, as root, a name
// in /etc/hosts (bind-mounted in a private mount namespace) that resolves to every replica.
// Faked: the API replicas, by Node HTTP servers that record which of them answered; file locations
// moved under a temporary prefix; for the version switch alone, the `nginx -v` the script reads.
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { renderNginx } from '../src/nginx-conf.js';
import { readRepoFile, run, tool } from '../src/repo.js';

interface Replica {
  name: string;
  port: number;
  server: Server;
  /** Requests answered since the last reset. */
  hits: number;
  /** Requests being answered right now (held open by the test). */
  inFlight: number;
}

const open: { nginx: ChildProcess[]; servers: Server[] } = { nginx: [], servers: [] };
/** Held requests wait for this to be called. */
let release: () => void = () => undefined;
let released = Promise.resolve();

function hold(): void {
  released = new Promise<void>((resolve) => (release = resolve));
}

/** A fake API replica on host:port that answers with its name (later, for a `?hold` request). */
async function replica(name: string, host: string, port = 0): Promise<Replica> {
  const server = createServer();
  const r: Replica = { name, port, server, hits: 0, inFlight: 0 };
  server.on('request', (req, res) => {
    r.hits++;
    r.inFlight++;
    const answer = () => {
      r.inFlight--;
      res.writeHead(200, { 'content-type': 'text/plain' }).end(name);
    };
    req.resume();
    req.on('end', () => {
      if (req.url?.includes('hold')) void released.then(answer);
      else answer();
    });
  });
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  open.servers.push(server);
  r.port = (server.address() as AddressInfo).port;
  return r;
}

const hitsOf = (replicas: Replica[]) => Object.fromEntries(replicas.map((r) => [r.name, r.hits]));
const resetHits = (replicas: Replica[]) => replicas.forEach((r) => (r.hits = 0));

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const port = (s.address() as AddressInfo).port;
  await new Promise((resolve) => s.close(resolve));
  return port;
}

/** Renders the edge for `apiUpstream` and starts nginx (optionally through a wrapper command). */
async function startEdge(apiUpstream: string, wrap: (argv: string[]) => string[] = (a) => a) {
  const { root, conf, upstreamScriptOutput } = renderNginx('edge', {
    vars: { API_UPSTREAM: apiUpstream, DASHBOARD_UPSTREAM: '127.0.0.1:9', EDGE_API_RATE: '10000r/s' },
  });
  const port = await freePort();
  const site = path.join(root, 'run/rul-edge.conf');
  writeFileSync(site, readFileSync(site, 'utf8').replace('listen 8080', `listen 127.0.0.1:${port}`));
  // Run as root, nginx's workers are `nobody`: they must reach the temp paths under the prefix.
  chmodSync(root, 0o755);
  chmodSync(path.join(root, 'run'), 0o777);
  const errorLog = path.join(root, 'error.log');
  const args = ['-p', root, '-c', conf, '-e', errorLog];
  const argv = wrap([tool('nginx'), ...args, '-g', 'daemon off;']);
  const nginx = spawn(argv[0] as string, argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
  open.nginx.push(nginx);
  let logs = '';
  nginx.stderr?.on('data', (d: Buffer) => (logs += d.toString()));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (
      await fetch(`${base}/healthz`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    if (nginx.exitCode !== null || Date.now() > deadline)
      throw new Error(`nginx did not start:\n${logs}\n${readFileSync(errorLog, 'utf8')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  // What `nginx -s reload` does, sent straight to the master: the signalling nginx would parse the
  // configuration here, outside the master's mount namespace, where the test's name does not resolve.
  const reload = () => expect(nginx.kill('SIGHUP')).toBe(true);

  return {
    base,
    reload,
    upstreamScriptOutput,
    upstreamConf: readFileSync(path.join(root, 'run/rul-edge-upstream.conf'), 'utf8'),
  };
}

const ingest = (base: string, query = '') =>
  fetch(`${base}/api/fleet/telemetry${query}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-ndjson' },
    body: '{"id":"ENG-1","cycle":1}\n',
  });

/**
 * `ingest` across a reload: the old workers close their idle keep-alive connections as they shut
 * down, so a request sent on one at that moment fails before nginx reads it (it reaches no
 * replica). Clients resend then, as the simulator does; so does this.
 */
async function ingestAcrossReload(base: string): Promise<Response> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await ingest(base);
    } catch (err) {
      if (attempt >= 5) throw err;
    }
  }
}

/** Waits until `n` requests are being held by the replicas (nginx has placed them all). */
async function heldBy(replicas: Replica[], n: number): Promise<number[]> {
  const deadline = Date.now() + 5_000;
  while (replicas.reduce((s, r) => s + r.inFlight, 0) < n) {
    if (Date.now() > deadline) throw new Error('the held requests did not all reach a replica');
    await new Promise((r) => setTimeout(r, 20));
  }
  return replicas.map((r) => r.inFlight);
}

afterEach(async () => {
  release();
  for (const nginx of open.nginx.splice(0)) {
    if (nginx.exitCode !== null) continue;
    const exited = new Promise((resolve) => nginx.once('exit', resolve));
    nginx.kill('SIGTERM');
    await exited;
  }
  await Promise.all(open.servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

describe('the edge spreads API requests over every replica', () => {
  it('one shared upstream: sequential requests take turns, concurrent bulk requests never pile up', async () => {
    const replicas = await Promise.all(['a', 'b', 'c'].map((n) => replica(n, '127.0.0.1')));
    const edge = await startEdge(replicas.map((r) => `127.0.0.1:${r.port}`).join(' '));
    expect(edge.upstreamConf).toMatch(/zone rul_api_upstream \d+k;\s*least_conn;/);

    for (let i = 0; i < 30; i++) expect((await ingest(edge.base)).status).toBe(200);
    expect(hitsOf(replicas)).toEqual({ a: 10, b: 10, c: 10 });

    // Six slow bulk requests at once: two on each replica, none left idle.
    hold();
    const pending = Array.from({ length: 6 }, () => ingest(edge.base, '?hold'));
    expect(await heldBy(replicas, 6)).toEqual([2, 2, 2]);
    release();
    for (const res of await Promise.all(pending)) expect(res.status).toBe(200);
  });

  it('versions: nginx 1.27.3 and later re-resolve the replicas by themselves, older ones on reload', () => {
    const script = readRepoFile('docker/nginx/30-rul-edge-upstream.sh').replace('out=/tmp', 'out="$OUT"');
    const upstreamFor = (version: string) => {
      const dir = mkdtempSync(path.join(tmpdir(), 'rul-edge-upstream-'));
      writeFileSync(path.join(dir, 'nginx'), `#!/bin/sh\necho "nginx version: nginx/${version}" >&2\n`);
      chmodSync(path.join(dir, 'nginx'), 0o755);
      writeFileSync(path.join(dir, 'upstream.sh'), script);
      const res = run('sh', [path.join(dir, 'upstream.sh')], {
        env: { PATH: `${dir}:/usr/bin:/bin`, OUT: dir, API_UPSTREAM: 'api:8000' },
      });
      expect(res.code, res.output).toBe(0);
      return readFileSync(path.join(dir, 'rul-edge-upstream.conf'), 'utf8');
    };
    for (const v of ['1.27.3', '1.28.0', '1.29.1', '2.0.0'])
      expect(upstreamFor(v), v).toMatch(/^\s*server api:8000 resolve;$/m);
    for (const v of ['1.22.1', '1.26.3', '1.27.2'])
      expect(upstreamFor(v), v).toMatch(/^\s*server api:8000;$/m);
  });

  const asRoot = process.getuid?.() === 0;
  it.skipIf(!asRoot)(
    'a name for every replica (as Compose serves `api`): all reached, and the new one after a reload',
    async () => {
      // One port on three loopback addresses, as replicas share a port on their own addresses.
      const first = await replica('r1', '127.0.0.2');
      const others = await Promise.all(
        ['r2', 'r3'].map((n, i) => replica(n, `127.0.0.${3 + i}`, first.port)),
      );
      const replicas = [first, ...others];
      const dir = mkdtempSync(path.join(tmpdir(), 'rul-edge-upstream-'));
      const hosts = path.join(dir, 'hosts');
      const entries = (n: number) =>
        [
          '127.0.0.1 localhost',
          ...replicas.slice(0, n).map((_, i) => `127.0.0.${2 + i} rul-api.test`),
          '',
        ].join('\n');
      writeFileSync(hosts, entries(2));
      chmodSync(dir, 0o755);
      // nginx in its own mount namespace, where /etc/hosts is the file above (written in place later).
      const edge = await startEdge(`rul-api.test:${first.port}`, (argv) => [
        tool('unshare'),
        '--mount',
        'sh',
        '-c',
        'mount --bind "$0" /etc/hosts && exec "$@"',
        hosts,
        ...argv,
      ]);
      for (let i = 0; i < 12; i++) expect((await ingest(edge.base)).status).toBe(200);
      expect(hitsOf(replicas)).toEqual({ r1: 6, r2: 6, r3: 0 });

      // `--scale api=3`: the name now has a third address; the reload picks it up.
      writeFileSync(hosts, entries(3));
      edge.reload();
      resetHits(replicas);
      const deadline = Date.now() + 10_000;
      // Until the new workers take over, the old ones still answer: ask until the new one is seen.
      while (third(replicas).hits === 0 && Date.now() < deadline) await ingestAcrossReload(edge.base);
      resetHits(replicas);
      for (let i = 0; i < 30; i++) expect((await ingestAcrossReload(edge.base)).status).toBe(200);
      expect(hitsOf(replicas)).toEqual({ r1: 10, r2: 10, r3: 10 });
    },
  );
});

const third = (replicas: Replica[]): Replica => replicas[2] as Replica;
