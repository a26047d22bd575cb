// Real reader threads and the real app on the fixture model; nothing is faked. Failures are made the
// way they happen: a thread that dies, a pool that is closed.
import { syntheticFleet, syntheticHistory } from '@rul/cmapss';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BodyReaderPool } from '../src/predict-body/body-reader-pool.js';
import { PackedBody } from '../src/predict-body/packed-history.js';
import { PredictBodyReader } from '../src/predict-body/read-predict-body.js';
import { samePrediction } from './helpers/predictions.js';
import { startApp } from './helpers/test-app.js';

const batchBody = (engines: number, cycles: number) =>
  JSON.stringify({
    engines: syntheticFleet(engines, cycles, cycles, 3).map((u) => ({ unit: u.unit, cycles: u.cycles })),
    horizons: [10, 40],
  });

/** What the event-loop reader makes of the same bytes: the reference a thread must match exactly. */
const inline = (body: string) => new PredictBodyReader().batch(Buffer.from(body)) as PackedBody;

describe('BodyReaderPool', () => {
  let pool: BodyReaderPool;
  const failures: string[] = [];
  beforeAll(async () => {
    pool = await BodyReaderPool.start(1, (m) => failures.push(m));
  });
  afterAll(() => pool.close());

  it('reads more bodies at once than it has result slots, each exactly as the event loop would', async () => {
    const bodies = Array.from({ length: 12 }, (_, i) => batchBody(8, 150 + i));
    const reads = bodies.map((b) => pool.read('batch', Buffer.from(b)));
    // Hold the event loop so the thread fills every slot and has to wait for one to be copied out.
    const until = Date.now() + 1500;
    while (Date.now() < until);
    const read = await Promise.all(reads);
    read.forEach((r, i) => {
      expect(r).toBeInstanceOf(PackedBody);
      expect(r).toEqual(inline(bodies[i]!));
    });
    expect(failures).toEqual([]);
  });

  it('reads a body whose readings do not fit a result slot', async () => {
    const body = batchBody(100, 200); // 480 000 readings, more than one slot holds
    const read = (await pool.read('batch', Buffer.from(body))) as PackedBody;
    expect(read.engines).toHaveLength(100);
    expect(read).toEqual(inline(body));
  });

  it('reads a /predict body into a one-engine PackedBody', async () => {
    const body = JSON.stringify({ unit: 'e7', cycles: syntheticHistory(120, 5), horizons: [25] });
    const read = await pool.read('predict', Buffer.from(body));
    expect(read).toEqual(new PredictBodyReader().predict(Buffer.from(body)));
    expect(read).toBeInstanceOf(PackedBody);
  });

  it('reads a small body, which Node keeps in its shared buffer pool, as the event loop would', async () => {
    const body = JSON.stringify({ unit: 'e8', cycles: syntheticHistory(3, 5) });
    const bytes = Buffer.from(body);
    expect(bytes.buffer.byteLength).toBeGreaterThan(bytes.length); // a slice of the pool
    expect(await pool.read('predict', bytes)).toEqual(new PredictBodyReader().predict(Buffer.from(body)));
  });

  it('hands a body it declines back byte for byte', async () => {
    const body = batchBody(2, 40).replace('"horizons":[10,40]', '"horizons":[10,0]');
    const read = await pool.read('batch', Buffer.from(body));
    expect(Buffer.isBuffer(read) && read.toString('utf8')).toBe(body);
  });

  it('fails the reads of a thread that dies, and replaces the thread', async () => {
    const body = batchBody(64, 200);
    const reads = Array.from({ length: 20 }, () => pool.read('batch', Buffer.from(body)));
    // Reads it answers before the termination lands succeed; the rest must fail, not hang.
    await (
      pool as unknown as { pool: { threads: { worker: { terminate(): Promise<number> } }[] } }
    ).pool.threads[0]!.worker.terminate();
    const settled = await Promise.allSettled(reads);
    const failed = settled.filter((s) => s.status === 'rejected');
    expect(failed.length).toBeGreaterThan(0);
    for (const s of failed) expect(String(s.reason)).toBe('Error: body reader thread exited (1)');
    const expected = inline(body);
    for (const s of settled) if (s.status === 'fulfilled') expect(s.value).toEqual(expected);
    await expect.poll(() => pool.size, { timeout: 10_000 }).toBe(1);
    const after = batchBody(4, 60);
    expect(await pool.read('batch', Buffer.from(after))).toEqual(inline(after));
  });
});

describe('large bodies through the app', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await startApp({ RATE_LIMIT_MAX: '0', BODY_READER_THREADS: '1', BODY_READER_MIN_BYTES: '100000' });
  });
  afterAll(() => app.close());
  const post = (payload: string) =>
    app.inject({
      method: 'POST',
      url: '/predict/batch',
      headers: { 'content-type': 'application/json' },
      payload,
    });

  it('answers a body read on a thread as one read on the event loop', async () => {
    const big = batchBody(20, 200); // over BODY_READER_MIN_BYTES
    const small = (i: number) =>
      JSON.stringify({ engines: [JSON.parse(big).engines[i]], horizons: [10, 40] });
    expect(big.length).toBeGreaterThan(100_000);
    const res = await post(big);
    expect(res.statusCode).toBe(200);
    const singles = await Promise.all(
      [0, 7, 19].map(async (i) => (await post(small(i))).json().predictions[0]),
    );
    const { predictions } = res.json();
    expect([predictions[0], predictions[7], predictions[19]]).toEqual(singles.map(samePrediction));
  });

  it('leaves the packed histories it predicts from as they were', async () => {
    const read = inline(batchBody(3, 80));
    const before = read.engines.map((e) => e.readings.slice());
    const first = await app.predictor.predict(read.engines);
    expect(read.engines.map((e) => e.readings)).toEqual(before);
    expect(await app.predictor.predict(read.engines)).toEqual(first);
  });

  it('answers 503 with Retry-After when no reader thread can take the body, and small bodies still pass', async () => {
    await app.bodyReaders!.pool.close();
    const res = await post(batchBody(20, 200));
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBe('1');
    expect(res.json()).toMatchObject({ code: 'BODY_READER_UNAVAILABLE' });
    expect((await post(batchBody(2, 30))).statusCode).toBe(200);
  });
});
