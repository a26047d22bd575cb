// A loopback HTTP server stands in for the API's telemetry routes (test/loopback-api.ts) and loses or
// alters readings on purpose; the streamer and the verification pass are real.
import { afterEach, describe, expect, it } from 'vitest';
import { startLoopbackApi, type LoopbackApi } from '../test/loopback-api.js';
import { AckLedger } from './ack-ledger.js';
import { lazyFleet } from './lazy-fleet.js';
import { streamTelemetry } from './stream.js';
import { verified, verifyAcknowledged } from './verify.js';

let api: LoopbackApi | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

describe('verifyAcknowledged', () => {
  it('finds an acknowledged reading that is missing or stored with other values', async () => {
    api = await startLoopbackApi({
      keep: (id, r) => {
        if (id === 'SIM-1' && r.cycle === 7) return undefined;
        if (id === 'SIM-2' && r.cycle === 3)
          return { ...r, sensors: r.sensors.map((v, i) => (i === 4 ? v + 0.5 : v)) };
        return r;
      },
    });
    const engines = lazyFleet({ engines: 3, seed: 10, unitName: (i) => `SIM-${i + 1}` });
    const { ledger } = await streamTelemetry({ api: api.url, engines, rate: 0, batch: 20 });
    const report = await verifyAcknowledged({ api: api.url, engines, ledger, concurrency: 2 });
    expect(verified(report)).toBe(false);
    expect(report.engines).toBe(3);
    expect(report.cyclesChecked).toBe(ledger.cyclesAcknowledged);
    expect(report.missing).toBe(1);
    expect(report.different).toBe(1);
    const sent = [...engines[1]!.cycles][2]!.sensors[4]!;
    expect(report.examples).toEqual(
      expect.arrayContaining([
        { unit: 'SIM-1', cycle: 7, problem: 'missing' },
        {
          unit: 'SIM-2',
          cycle: 3,
          problem: 'different',
          detail: `sensors[4]: sent ${sent}, stored ${sent + 0.5}`,
        },
      ]),
    );
  });

  it('reports an acknowledged engine the API does not know as unreadable', async () => {
    api = await startLoopbackApi();
    const [ghost] = lazyFleet({ engines: 1, seed: 11, unitName: () => 'GHOST' });
    const ledger = new AckLedger();
    const cycles = [...ghost!.cycles].slice(0, 2);
    ledger.record(
      { unit: 'GHOST', cycles },
      { outcome: 'stored', stored: 2, duplicates: 0, lastCycle: 2, predicted: true },
      2,
    );
    const report = await verifyAcknowledged({ api: api.url, engines: [ghost!], ledger });
    expect(verified(report)).toBe(false);
    expect(report.unreadable).toEqual([{ unit: 'GHOST', message: 'HTTP 404: no such engine' }]);
  });
});
