// Real worker threads (test/fixtures/pool-worker.ts) that answer, fail, hang or exit on request;
// nothing is faked.
import { afterEach, describe, expect, it } from 'vitest';
import type { PoolTestRequest } from '../../test/fixtures/pool-worker.js';
import { WorkerPool } from './worker-pool.js';

type Pool = WorkerPool<PoolTestRequest, number, { threadId: number }>;
const module = new URL('../../test/fixtures/pool-worker', import.meta.url);
const start = (threads: number, failStart = false): Promise<Pool> =>
  WorkerPool.start({ name: 'test thread', module, workerData: { failStart }, threads });

describe('WorkerPool', () => {
  let pool: Pool | undefined;
  afterEach(async () => {
    await pool?.close();
    pool = undefined;
  });

  it('starts every thread and answers requests with the thread that served them', async () => {
    pool = await start(2);
    expect(pool.size).toBe(2);
    const ids = pool.infos.map((i) => i.threadId);
    const { reply, info } = await pool.request('echo');
    expect(reply).toBe(info.threadId);
    expect(ids).toContain(reply);
  });

  it('sends each request to the thread with the fewest pending', async () => {
    pool = await start(2);
    const [first, second] = pool.infos.map((i) => i.threadId);
    // With none pending, the first thread is picked; one hanging request makes it the busier one.
    expect((await pool.request('echo')).reply).toBe(first);
    void pool.request('hang').catch(() => undefined);
    expect((await pool.request('echo')).reply).toBe(second);
    expect((await pool.request('echo')).reply).toBe(second);
  });

  it('rejects a request its thread failed, and keeps the thread', async () => {
    pool = await start(1);
    await expect(pool.request('fail')).rejects.toThrow('asked to fail');
    expect((await pool.request('echo')).reply).toBe(pool.infos[0]!.threadId);
  });

  it('rejects every pending request of a thread that exits, then replaces the thread', async () => {
    pool = await start(1);
    const before = pool.infos[0]!.threadId;
    const hanging = pool.request('hang');
    const exiting = pool.request('exit');
    await expect(hanging).rejects.toThrow('test thread exited (3)');
    await expect(exiting).rejects.toThrow('test thread exited (3)');
    await expect.poll(() => pool!.size, { timeout: 10_000 }).toBe(1);
    const { reply } = await pool.request('echo');
    expect(reply).not.toBe(before);
  });

  it('fails to start as a whole when a thread cannot start', async () => {
    await expect(start(2, true)).rejects.toThrow('this thread refuses to start');
  });

  it('refuses requests once closed', async () => {
    pool = await start(1);
    await pool.close(1000);
    expect(pool.size).toBe(0);
    await expect(pool.request('echo')).rejects.toThrow('no test thread is running');
  });
});
