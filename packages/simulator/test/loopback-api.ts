/**
 * A loopback HTTP server that stands in for the API's telemetry routes in the streamer's unit tests:
 * POST /fleet/telemetry (JSON and NDJSON), POST /engines/{id}/telemetry and
 * GET /engines/{id}/telemetry, idempotent per (engine, cycle) like the real routes. Tests steer it
 * through `hooks` (turn a request away, lose an answer, lose or alter a stored reading). The real API
 * is streamed against in apps/api/test/integration/fleet-simulator-stream.test.ts.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

export interface Reading {
  cycle: number;
  settings: number[];
  sensors: number[];
}

export interface RequestSeen {
  route: 'bulk' | 'single';
  contentType: string;
  authorization: string | undefined;
  engines: string[];
  cycles: number;
}

export interface Hooks {
  /** Answer the request with this instead of handling it (e.g. a 503), before anything is stored. */
  refuse?: (
    seen: RequestSeen,
    index: number,
  ) => { status: number; headers?: Record<string, string> } | undefined;
  /** Store the request, then close the connection without answering (an answer lost on the way). */
  loseAnswer?: (seen: RequestSeen, index: number) => boolean;
  /** Reject this engine of a bulk request (stores nothing of it). */
  reject?: (id: string, cycles: Reading[]) => { code: string; message: string; field?: string } | undefined;
  /** What to keep of an acknowledged reading: the reading (default), another value, or nothing. */
  keep?: (id: string, reading: Reading) => Reading | undefined;
}

export interface LoopbackApi {
  url: string;
  stored: Map<string, Map<number, Reading>>;
  seen: RequestSeen[];
  /** Engines that were in two requests at the same time. */
  overlaps: string[];
  close: () => Promise<void>;
}

const same = (a: Reading, b: Reading) =>
  JSON.stringify([a.settings, a.sensors]) === JSON.stringify([b.settings, b.sensors]);

async function readBody(req: IncomingMessage): Promise<string> {
  const parts: Buffer[] = [];
  for await (const part of req) parts.push(part as Buffer);
  return Buffer.concat(parts).toString();
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
}

export async function startLoopbackApi(hooks: Hooks = {}): Promise<LoopbackApi> {
  const stored = new Map<string, Map<number, Reading>>();
  const seen: RequestSeen[] = [];
  const overlaps: string[] = [];
  const busy = new Set<string>();

  /** One engine's readings, all or nothing, as the routes do it. */
  const ingest = (id: string, cycles: Reading[]) => {
    const rejected = hooks.reject?.(id, cycles);
    if (rejected)
      return { id, outcome: 'rejected', stored: 0, duplicates: 0, error: rejected, prediction: null };
    const engine = stored.get(id) ?? new Map<number, Reading>();
    const conflicts = cycles.filter((c) => engine.has(c.cycle) && !same(engine.get(c.cycle)!, c));
    if (conflicts.length) {
      const list = conflicts.map((c) => c.cycle);
      return {
        id,
        outcome: 'conflict',
        conflicts: list,
        error: { code: 'TELEMETRY_CONFLICT', message: `cycles ${list.join(', ')} differ` },
        prediction: null,
      };
    }
    let fresh = 0;
    for (const c of cycles) {
      if (engine.has(c.cycle)) continue;
      fresh++;
      // A reading the hook drops is acknowledged yet missing: what the verification pass must catch.
      const kept = hooks.keep ? hooks.keep(id, c) : c;
      if (kept) engine.set(c.cycle, kept);
    }
    stored.set(id, engine);
    const lastCycle = Math.max(0, ...cycles.map((c) => c.cycle));
    return {
      id,
      outcome: fresh ? 'stored' : 'duplicate',
      stored: fresh,
      duplicates: cycles.length - fresh,
      lastCycle,
      prediction: fresh ? { rul: 100, lastCycle } : null,
    };
  };

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://loopback');
    const text = await readBody(req);
    const single = /^\/engines\/([^/]+)\/telemetry$/.exec(url.pathname);
    if (req.method === 'GET' && single) {
      const engine = stored.get(decodeURIComponent(single[1]!));
      if (!engine) return send(res, 404, { code: 'NOT_FOUND', message: 'no such engine' });
      const from = Number(url.searchParams.get('from'));
      const to = Number(url.searchParams.get('to'));
      const cycles = [...engine.values()].filter((c) => c.cycle >= from && c.cycle <= to);
      return send(res, 200, { engine: single[1], cycles: cycles.sort((a, b) => a.cycle - b.cycle) });
    }
    const contentType = req.headers['content-type'] ?? '';
    let groups: [string, Reading[]][];
    if (single) {
      groups = [[decodeURIComponent(single[1]!), (JSON.parse(text) as { cycles: Reading[] }).cycles]];
    } else if (contentType.startsWith('application/x-ndjson')) {
      const byEngine = new Map<string, Reading[]>();
      for (const line of text.split('\n').filter(Boolean)) {
        const { id, ...reading } = JSON.parse(line) as Reading & { id: string };
        byEngine.set(id, [...(byEngine.get(id) ?? []), reading]);
      }
      groups = [...byEngine];
    } else {
      groups = (JSON.parse(text) as { engines: { id: string; cycles: Reading[] }[] }).engines.map((e) => [
        e.id,
        e.cycles,
      ]);
    }
    const request: RequestSeen = {
      route: single ? 'single' : 'bulk',
      contentType,
      authorization: req.headers.authorization,
      engines: groups.map(([id]) => id),
      cycles: groups.reduce((n, [, c]) => n + c.length, 0),
    };
    const index = seen.push(request) - 1;
    const refused = hooks.refuse?.(request, index);
    if (refused) return send(res, refused.status, { code: 'REFUSED', message: 'not now' }, refused.headers);
    for (const [id] of groups) {
      if (busy.has(id)) overlaps.push(id);
      busy.add(id);
    }
    // Hold the engines a moment, so a second request for one of them would overlap and be seen.
    await sleep(3);
    const answers = groups.map(([id, cycles]) => ingest(id, cycles));
    for (const [id] of groups) busy.delete(id);
    if (hooks.loseAnswer?.(request, index)) return void req.socket.destroy();
    if (!single) {
      const count = (o: string) => answers.filter((a) => a.outcome === o).length;
      return send(res, 200, {
        engines: answers,
        stored: count('stored'),
        duplicates: count('duplicate'),
        conflicts: count('conflict'),
        rejected: count('rejected'),
      });
    }
    const [answer] = answers;
    if (answer!.outcome === 'conflict') {
      const conflicts = (answer as { conflicts: number[] }).conflicts;
      return send(res, 409, {
        code: 'TELEMETRY_CONFLICT',
        message: 'conflict',
        details: conflicts.map((c) => ({ path: `cycle ${c}` })),
      });
    }
    if (answer!.outcome === 'rejected') return send(res, 400, (answer as { error: object }).error);
    const a = answer as { stored: number; duplicates: number; lastCycle: number; prediction: unknown };
    return send(res, 200, {
      engine: { id: request.engines[0], lastCycle: a.lastCycle },
      stored: a.stored,
      duplicates: a.duplicates,
      prediction: a.prediction,
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stored,
    seen,
    overlaps,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
