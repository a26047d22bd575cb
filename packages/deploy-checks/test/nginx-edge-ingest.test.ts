// Real: Debian's nginx running the rendered edge configuration on a free local port, and real HTTP
// bodies sent through it. Faked: the API replicas, by a Node HTTP server that records what reaches
// it (what is under test is what the edge passes on); file locations moved under a temporary prefix.
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderNginx } from '../src/nginx-conf.js';
import { tool } from '../src/repo.js';

interface Received {
  method: string;
  url: string;
  contentType: string | undefined;
  bytes: number;
}

const MiB = 1024 * 1024;
/** A reading as the bulk NDJSON route takes it, repeated to reach `bytes`. */
function ndjson(bytes: number): string {
  const line = `${JSON.stringify({
    id: 'ENG-00001',
    cycle: 12,
    settings: [0.0023, 0.0003, 100],
    sensors: Array.from({ length: 21 }, (_, i) => 500 + i + 0.123),
  })}\n`;
  return line.repeat(Math.ceil(bytes / line.length));
}

describe('the edge in front of the API: telemetry ingest', () => {
  const received: Received[] = [];
  /** Resolved when the recorder sees the first bytes of a request body. */
  let firstBytes: () => void = () => undefined;
  // The per-engine outcomes of a large bulk request: bigger than nginx's default response buffers.
  const reply = JSON.stringify({ engines: Array.from({ length: 3000 }, (_, i) => ({ id: `ENG-${i}` })) });
  let upstream: Server;
  let nginx: ChildProcess;
  let base = '';
  let logs = '';

  beforeAll(async () => {
    upstream = createServer((req: IncomingMessage, res) => {
      let bytes = 0;
      req.on('data', (chunk: Buffer) => {
        if (bytes === 0) firstBytes();
        bytes += chunk.length;
      });
      req.on('end', () => {
        received.push({
          method: req.method ?? '',
          url: req.url ?? '',
          contentType: req.headers['content-type'],
          bytes,
        });
        res.writeHead(200, { 'content-type': 'application/json' }).end(reply);
      });
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    const apiPort = (upstream.address() as AddressInfo).port;
    // An address, not a name: nginx needs no resolver for it. 1r/s keeps the rate-limit case short.
    const { root, conf } = renderNginx('edge', {
      vars: {
        API_UPSTREAM: `127.0.0.1:${apiPort}`,
        DASHBOARD_UPSTREAM: `127.0.0.1:${apiPort}`,
        EDGE_API_RATE: '1r/s',
      },
    });
    const free = createServer();
    await new Promise<void>((resolve) => free.listen(0, '127.0.0.1', resolve));
    const port = (free.address() as AddressInfo).port;
    await new Promise((resolve) => free.close(resolve));
    const site = path.join(root, 'run/rul-edge.conf');
    writeFileSync(site, readFileSync(site, 'utf8').replace('listen 8080', `listen 127.0.0.1:${port}`));
    // Run as root, nginx's workers are `nobody`: they must reach the temp paths under the prefix.
    chmodSync(root, 0o755);
    chmodSync(path.join(root, 'run'), 0o777);
    const errorLog = path.join(root, 'error.log');
    nginx = spawn(tool('nginx'), ['-p', root, '-c', conf, '-e', errorLog, '-g', 'daemon off;'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    nginx.stderr?.on('data', (d: Buffer) => (logs += d.toString()));
    base = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 10_000;
    for (;;) {
      const ok = await fetch(`${base}/healthz`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) break;
      if (nginx.exitCode !== null || Date.now() > deadline)
        throw new Error(`nginx did not start:\n${logs}\n${readFileSync(errorLog, 'utf8')}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }, 30_000);

  afterAll(async () => {
    if (nginx && nginx.exitCode === null) {
      const exited = new Promise((resolve) => nginx.once('exit', resolve));
      nginx.kill('SIGTERM');
      await exited;
    }
    await new Promise((resolve) => upstream?.close(resolve));
  });

  const post = (route: string, body: string | ReadableStream<Uint8Array>, contentType: string) =>
    fetch(`${base}${route}`, {
      method: 'POST',
      headers: { 'content-type': contentType },
      body,
      ...(typeof body === 'string' ? {} : { duplex: 'half' }),
    } as RequestInit);

  it('a 12 MiB NDJSON bulk body reaches the API whole, with its content type and query', async () => {
    const body = ndjson(12 * MiB);
    const res = await post('/api/fleet/telemetry?model=FD001', body, 'application/x-ndjson');
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(reply);
    expect(received.at(-1)).toEqual({
      method: 'POST',
      url: '/fleet/telemetry?model=FD001',
      contentType: 'application/x-ndjson',
      bytes: Buffer.byteLength(body),
    });
  });

  it('the per-engine route takes the same size of body', async () => {
    const body = JSON.stringify({
      cycles: ndjson(12 * MiB)
        .split('\n')
        .slice(0, -1),
    });
    const res = await post('/api/engines/ENG-7/telemetry', body, 'application/json');
    expect(res.status).toBe(200);
    expect(received.at(-1)).toMatchObject({
      url: '/engines/ENG-7/telemetry',
      bytes: Buffer.byteLength(body),
    });
  });

  it('batch prediction takes the same size of body', async () => {
    const body = ndjson(12 * MiB);
    const res = await post('/api/predict/batch', body, 'text/plain');
    expect(res.status).toBe(200);
    expect(received.at(-1)).toMatchObject({
      url: '/predict/batch',
      contentType: 'text/plain',
      bytes: Buffer.byteLength(body),
    });
  });

  it('the body is streamed to the API as it arrives, not spooled first', async () => {
    const seen = new Promise<void>((resolve, reject) => {
      firstBytes = resolve;
      setTimeout(() => reject(new Error('the API saw nothing before the body ended')), 5_000);
    });
    const head = new TextEncoder().encode(ndjson(64 * 1024));
    const tail = new TextEncoder().encode(ndjson(MiB));
    let step = 0;
    // Chunked (no Content-Length): the rest is sent only once the API has the first part.
    const stream = new ReadableStream<Uint8Array>({
      async pull(controller) {
        if (step++ === 0) return controller.enqueue(head);
        await seen;
        controller.enqueue(tail);
        controller.close();
      },
    });
    const res = await post('/api/fleet/telemetry', stream, 'application/x-ndjson');
    expect(res.status).toBe(200);
    expect(received.at(-1)).toMatchObject({ url: '/fleet/telemetry', bytes: head.length + tail.length });
  });

  it('over the limit: 413 at the edge; other API routes keep the smaller general limit', async () => {
    const before = received.length;
    expect((await post('/api/fleet/telemetry', ndjson(18 * MiB), 'application/x-ndjson')).status).toBe(413);
    expect((await post('/api/predict', ndjson(12 * MiB), 'application/json')).status).toBe(413);
    expect((await post('/api/predict/batch', ndjson(18 * MiB), 'text/plain')).status).toBe(413);
    expect(received.length, 'nothing reached the API').toBe(before);
  });

  it('rate limited per client like the rest of /api/', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 60; i++)
      statuses.push((await post('/api/fleet/telemetry', ndjson(200), 'application/x-ndjson')).status);
    expect(statuses).toContain(429);
    expect(statuses.filter((s) => s === 200).length).toBeLessThanOrEqual(45);
  });
});
