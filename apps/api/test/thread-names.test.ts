// The app's worker threads name themselves for the operating system (src/thread-name.ts), so `top -H`,
// `ps -L` and bench/threads.ts tell them apart. Real threads of the real app on the fixture model.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nameThread } from '../src/thread-name.js';
import { startApp } from './helpers/test-app.js';

const linux = process.platform === 'linux';

/** The names of this process's threads. */
const threadNames = () =>
  readdirSync('/proc/self/task').map((t) => {
    try {
      return readFileSync(`/proc/self/task/${t}/comm`, 'utf8').trim();
    } catch {
      return ''; // the thread ended since the listing
    }
  });

describe('nameThread', () => {
  it('refuses names that are empty, longer than the system keeps, or not plain printable ASCII', () => {
    for (const name of ['', 'sixteen-chars-xx', 'two words', 'é']) {
      expect(() => nameThread(name), name).toThrow(RangeError);
    }
  });

  it.runIf(linux)('names the thread that calls it, and no other', async () => {
    const main = readFileSync('/proc/thread-self/comm', 'utf8').trim();
    const worker = new Worker(
      `const { parentPort } = require('node:worker_threads');
       const { writeFileSync } = require('node:fs');
       writeFileSync('/proc/thread-self/comm', 'probe-thread');
       parentPort.postMessage('named');
       setInterval(() => {}, 1000);`,
      { eval: true },
    );
    try {
      await new Promise((resolve) => worker.once('message', resolve));
      expect(threadNames()).toContain('probe-thread');
      // The same call from here names this thread (then it gets its name back).
      expect(nameThread('rul-test-main')).toBe(true);
      expect(readFileSync('/proc/thread-self/comm', 'utf8').trim()).toBe('rul-test-main');
      writeFileSync('/proc/thread-self/comm', main);
    } finally {
      await worker.terminate();
    }
  });
});

describe.runIf(linux)("the app's worker threads", () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await startApp({ BODY_READER_THREADS: '1', INFERENCE_WORKERS: '1' });
  });
  afterAll(() => app.close());

  it('are named rul-body-reader and rul-inference', () => {
    const names = threadNames();
    expect(names.filter((n) => n === 'rul-body-reader').length).toBeGreaterThanOrEqual(1);
    expect(names.filter((n) => n === 'rul-inference').length).toBeGreaterThanOrEqual(1);
  });
});
