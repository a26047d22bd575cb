/**
 * Worker threads that read large /predict and /predict/batch JSON bodies (body-reader-worker.ts).
 *
 * Reading a 64-engine × 200-cycle body (2.8 MB, 300 000 numbers) takes the event loop several
 * milliseconds, during which it can neither answer other requests nor hand finished inference back.
 * Bodies of at least `minBytes` are transferred (not copied) to the least busy reader thread instead;
 * its packed readings come back through one of the thread's shared result slots (see
 * body-reader-worker.ts for why not as a transferred buffer). A body the reader declines comes back
 * untouched and the caller parses it the ordinary way. A reader thread that dies fails only its pending reads (with
 * an error the route turns into a 503) and is replaced.
 */
import { Worker } from 'node:worker_threads';
import { CHANNEL_COUNT } from '@rul/cmapss';
import type { PackedHistory } from '../plugins/app/predictor.js';
import { spawnAll, workerEntry } from '../worker-entry.js';
import {
  FREE,
  type BodyKind,
  type PackedWire,
  type ReaderInit,
  type ReaderMessage,
  type ReadRequest,
} from './body-reader-protocol.js';
import { PackedBatchBody, PackedPredictBody } from './read-predict-body.js';

interface Pending {
  kind: BodyKind;
  resolve: (outcome: PackedPredictBody | PackedBatchBody | Buffer) => void;
  reject: (err: Error) => void;
}

interface ReaderThread {
  worker: Worker;
  pending: Map<number, Pending>;
  /** The reader's result slots (set when it is ready) and their states. */
  results?: Float32Array;
  states?: Int32Array;
}

/** Result slots per reader thread, each large enough for a 64-engine × 300-cycle body's readings. */
const SLOTS = 4;
const SLOT_FLOATS = 64 * 300 * CHANNEL_COUNT;

export class BodyReaderPool {
  private threads: ReaderThread[] = [];
  private nextId = 1;
  private closing = false;

  private constructor(private readonly onReaderError: (message: string) => void) {}

  /** `onReaderError` hears of reader failures (bugs, not client mistakes: the body is still answered). */
  static async start(workers: number, onReaderError: (message: string) => void): Promise<BodyReaderPool> {
    const pool = new BodyReaderPool(onReaderError);
    await spawnAll(
      workers,
      () => pool.spawn(),
      () => pool.close(),
    );
    return pool;
  }

  get size(): number {
    return this.threads.length;
  }

  private spawn(): Promise<void> {
    const { entry, eval: isEval } = workerEntry(new URL('./body-reader-worker', import.meta.url));
    const init: ReaderInit = { slots: SLOTS, slotFloats: SLOT_FLOATS };
    const worker = new Worker(entry, { eval: isEval, workerData: init });
    const thread: ReaderThread = { worker, pending: new Map() };
    return new Promise((resolve, reject) => {
      worker.on('message', (msg: ReaderMessage) => {
        if ('ready' in msg) {
          thread.results = new Float32Array(msg.results);
          thread.states = new Int32Array(msg.states);
          this.threads.push(thread);
          resolve();
          return;
        }
        const pending = thread.pending.get(msg.id);
        thread.pending.delete(msg.id);
        if ('packed' in msg) {
          // Copied out (and the slot freed) even if nobody waits for it any more.
          const engines = copyOut(msg.packed, thread);
          if (pending) pending.resolve(packedBody(pending.kind, engines, msg.packed.horizons));
          return;
        }
        if (msg.error !== undefined) this.onReaderError(msg.error);
        pending?.resolve(Buffer.from(msg.declined));
      });
      worker.on('error', (err) => reject(err));
      worker.on('exit', (code) => {
        for (const p of thread.pending.values()) p.reject(new Error(`body reader thread exited (${code})`));
        thread.pending.clear();
        const idx = this.threads.indexOf(thread);
        if (idx >= 0) this.threads.splice(idx, 1);
        if (!this.closing && idx >= 0) void this.spawn().catch(() => undefined);
        reject(new Error(`body reader thread exited during start (${code})`));
      });
    });
  }

  /**
   * The packed body, or the same bytes back (as a new Buffer over them) when the reader declined.
   * `body` must not be used afterwards: its memory moves to the reader thread.
   */
  read(kind: 'predict', body: Buffer): Promise<PackedPredictBody | Buffer>;
  read(kind: 'batch', body: Buffer): Promise<PackedBatchBody | Buffer>;
  read(kind: BodyKind, body: Buffer): Promise<PackedPredictBody | PackedBatchBody | Buffer> {
    const thread = this.threads.reduce<ReaderThread | undefined>(
      (best, t) => (!best || t.pending.size < best.pending.size ? t : best),
      undefined,
    );
    if (!thread) return Promise.reject(new Error('no body reader thread is running'));
    // Only a buffer that owns all of its memory can be handed over; a pooled slice is copied first.
    const owned = body.byteOffset === 0 && body.buffer.byteLength === body.length ? body : Buffer.from(body);
    const id = this.nextId++;
    const request: ReadRequest = { id, kind, body: owned.buffer as ArrayBuffer };
    return new Promise((resolve, reject) => {
      thread.pending.set(id, { kind, resolve, reject });
      thread.worker.postMessage(request, [request.body]);
    });
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.threads.splice(0).map(({ worker }) => worker.terminate()));
  }
}

/**
 * Each engine's history, its readings copied out of the result slot into an array of its own (as the
 * event-loop reader makes them), and the slot freed; readings too large for a slot arrived as an
 * array of their own and are only divided up.
 */
function copyOut(wire: PackedWire, thread: ReaderThread): PackedBatchBody['engines'] {
  const { readings } = wire;
  const inSlot = !(readings instanceof Float32Array);
  const start = inSlot ? readings.slot * SLOT_FLOATS : 0;
  const source = inSlot ? (thread.results as Float32Array) : readings;
  let offset = start;
  const engines = wire.units.map((unit, e) => {
    const count = wire.counts[e] as number;
    const end = offset + count * CHANNEL_COUNT;
    const history: PackedHistory = {
      count,
      lastCycle: wire.lastCycles[e] as number,
      readings: inSlot ? source.slice(offset, end) : source.subarray(offset, end),
    };
    offset = end;
    return { unit, history };
  });
  if (inSlot) {
    // The thread may be waiting for a free slot (body-reader-worker.ts, claimSlot).
    Atomics.store(thread.states as Int32Array, readings.slot, FREE);
    Atomics.notify(thread.states as Int32Array, readings.slot);
  }
  return engines;
}

function packedBody(
  kind: BodyKind,
  engines: PackedBatchBody['engines'],
  horizons: number[] | undefined,
): PackedPredictBody | PackedBatchBody {
  if (kind === 'batch') return new PackedBatchBody(engines, horizons);
  const [only] = engines as [PackedBatchBody['engines'][number]];
  return new PackedPredictBody(only.unit, only.history, horizons);
}
