/**
 * Worker threads that read large /predict and /predict/batch JSON bodies (body-reader-worker.ts).
 *
 * Reading a 64-engine × 200-cycle body (2.8 MB, 300 000 numbers) takes the event loop several
 * milliseconds, during which it can neither answer other requests nor hand finished inference back.
 * Bodies of at least `minBytes` are transferred (not copied) to the least busy reader thread instead;
 * its packed readings come back through one of the thread's shared result slots (see
 * body-reader-worker.ts for why not as a transferred buffer). A body the reader declines comes back
 * untouched and the caller parses it the ordinary way. A reader thread that dies fails only its
 * pending reads (with an error the route turns into a 503) and is replaced (workers/worker-pool.ts).
 */
import { CHANNEL_COUNT } from '@rul/cmapss';
import { WorkerPool } from '../workers/worker-pool.js';
import {
  FREE,
  type BodyKind,
  type PackedWire,
  type ReaderInfo,
  type ReaderInit,
  type ReadReply,
  type ReadRequest,
} from './body-reader-protocol.js';
import { PackedBody, type PackedHistory } from './packed-history.js';

/** Result slots per reader thread, each large enough for a 64-engine × 300-cycle body's readings. */
const SLOTS = 4;
const SLOT_FLOATS = 64 * 300 * CHANNEL_COUNT;

export class BodyReaderPool {
  private constructor(
    private readonly pool: WorkerPool<ReadRequest, ReadReply, ReaderInfo>,
    private readonly onReaderError: (message: string) => void,
  ) {}

  /** `onReaderError` hears of reader failures (bugs, not client mistakes: the body is still answered). */
  static async start(threads: number, onReaderError: (message: string) => void): Promise<BodyReaderPool> {
    const workerData: ReaderInit = { slots: SLOTS, slotFloats: SLOT_FLOATS };
    const pool = await WorkerPool.start<ReadRequest, ReadReply, ReaderInfo>({
      name: 'body reader thread',
      module: new URL('./body-reader-worker', import.meta.url),
      workerData,
      threads,
    });
    return new BodyReaderPool(pool, onReaderError);
  }

  get size(): number {
    return this.pool.size;
  }

  /**
   * The packed body, or the same bytes back (as a new Buffer over them) when the reader declined.
   * `body` must not be used afterwards: its memory moves to the reader thread.
   */
  async read(kind: BodyKind, body: Buffer): Promise<PackedBody | Buffer> {
    // Only a buffer that owns all of its memory can be handed over; a slice (small bodies are slices
    // of Node's shared buffer pool) is copied into memory of its own first, not into the pool again.
    const owns = body.byteOffset === 0 && body.buffer.byteLength === body.length;
    const bytes = (owns ? body.buffer : new Uint8Array(body).buffer) as ArrayBuffer;
    const { reply, info } = await this.pool.request({ kind, body: bytes }, [bytes]);
    if ('packed' in reply) {
      const { horizons, model } = reply.packed;
      return new PackedBody(copyOut(reply.packed, info), horizons, model);
    }
    if (reply.error !== undefined) this.onReaderError(reply.error);
    return Buffer.from(reply.declined);
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}

/**
 * Each engine's history, its readings copied out of the result slot into an array of its own (as the
 * event-loop reader makes them), and the slot freed; readings too large for a slot arrived as an
 * array of their own and are only divided up.
 */
function copyOut(wire: PackedWire, info: ReaderInfo): PackedHistory[] {
  const { readings } = wire;
  const inSlot = !(readings instanceof Float32Array);
  const start = inSlot ? readings.slot * SLOT_FLOATS : 0;
  const source = inSlot ? new Float32Array(info.results) : readings;
  let offset = start;
  const engines = wire.units.map((unit, e) => {
    const count = wire.counts[e] as number;
    const end = offset + count * CHANNEL_COUNT;
    const model = wire.models[e];
    const history: PackedHistory = {
      unit,
      ...(model === undefined ? {} : { model }),
      count,
      lastCycle: wire.lastCycles[e] as number,
      readings: inSlot ? source.slice(offset, end) : source.subarray(offset, end),
    };
    offset = end;
    return history;
  });
  if (inSlot) {
    // The thread may be waiting for a free slot (body-reader-worker.ts, claimSlot).
    const states = new Int32Array(info.states);
    Atomics.store(states, readings.slot, FREE);
    Atomics.notify(states, readings.slot);
  }
  return engines;
}
