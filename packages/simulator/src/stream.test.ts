// A real HTTP server on loopback stands in for the API's telemetry route; the streamer is real.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { generateFleet } from './degradation.js';
import { streamTelemetry, type StreamEvent } from './stream.js';

let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

const readBody = async (req: IncomingMessage) => {
  const parts: Buffer[] = [];
  for await (const part of req) parts.push(part as Buffer);
  return JSON.parse(Buffer.concat(parts).toString()) as { cycles: { cycle: number }[] };
};

async function listen(handler: (unit: string, cycles: number[], req: IncomingMessage) => [number, object]) {
  server = createServer(async (req, res) => {
    const unit = decodeURIComponent(req.url!.split('/')[2]!);
    const body = await readBody(req);
    const [status, reply] = handler(
      unit,
      body.cycles.map((c) => c.cycle),
      req,
    );
    if (status === 503) res.setHeader('retry-after', '0');
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(reply));
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
}

describe('streamTelemetry', () => {
  it('delivers every cycle once, in order per engine, with the API key', async () => {
    const received = new Map<string, number[]>();
    const keys = new Set<string | undefined>();
    const api = await listen((unit, cycles, req) => {
      keys.add(req.headers.authorization);
      received.set(unit, [...(received.get(unit) ?? []), ...cycles]);
      return [200, { unit }];
    });
    const engines = generateFleet({
      engines: 4,
      seed: 9,
      truncate: { maxRul: 145 },
      unitName: (i) => `E/${i}`,
    });
    const summary = await streamTelemetry({ api, apiKey: 'k1', engines, rate: 0, batch: 7, concurrency: 3 });
    expect(summary.cyclesSent).toBe(engines.reduce((n, e) => n + e.cycles.length, 0));
    expect(summary.rejected).toBe(0);
    for (const e of engines) expect(received.get(e.unit)).toEqual(e.cycles.map((c) => c.cycle));
    expect([...keys]).toEqual(['Bearer k1']);
  });

  it('retries what the API asks to retry and reports what it rejects', async () => {
    let calls = 0;
    const api = await listen((unit) => {
      calls++;
      if (calls <= 2) return [503, { code: 'DATABASE_UNAVAILABLE' }];
      if (unit === 'bad') return [409, { code: 'CYCLE_CONFLICT' }];
      return [200, {}];
    });
    const events: StreamEvent[] = [];
    const engines = [
      { unit: 'good', cycles: [{ cycle: 1, settings: [0, 0, 100], sensors: Array(21).fill(1) }] },
      { unit: 'bad', cycles: [{ cycle: 1, settings: [0, 0, 100], sensors: Array(21).fill(1) }] },
    ];
    const summary = await streamTelemetry({
      api,
      engines,
      rate: 0,
      concurrency: 1,
      onEvent: (e) => events.push(e),
    });
    expect(summary.retries).toBe(2);
    expect(summary.cyclesSent).toBe(1);
    expect(summary.rejected).toBe(1);
    expect(events.filter((e) => e.type === 'rejected')).toEqual([
      { type: 'rejected', unit: 'bad', status: 409, body: { code: 'CYCLE_CONFLICT' } },
    ]);
  });
});
