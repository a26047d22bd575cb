/**
 * Worker-thread entry: reads large /predict and /predict/batch JSON bodies into packed readings with
 * the same PredictBodyReader the event loop uses for small ones, so a multi-megabyte body does not hold
 * the event loop for milliseconds. A body the reader is not sure about goes back untouched (the event
 * loop then parses it the ordinary way, which names the exact error).
 *
 * Readings come back through slots of a SharedArrayBuffer that the event loop copies out of as soon as
 * a reply arrives (then frees the slot), not as a transferred ArrayBuffer. Measured with 64 × 200-cycle
 * bodies: transferred readings made the event loop's heap run full mark-compacts (26 in 273 requests;
 * still 3 in 341 once the predictor dropped consumed readings), slots none.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { CHANNEL_COUNT } from '@rul/cmapss';
import { nameThread } from '../thread-name.js';
import { workerPort, type ToWorker } from '../workers/worker-protocol.js';
import {
  FILLED,
  FREE,
  type PackedWire,
  type ReaderInfo,
  type ReaderInit,
  type ReadReply,
  type ReadRequest,
} from './body-reader-protocol.js';
import type { PackedBody } from './packed-history.js';
import { PredictBodyReader } from './read-predict-body.js';

const worker = workerPort<ReadReply, ReaderInfo>(parentPort, 'body-reader-worker');
const init = workerData as ReaderInit;
nameThread('rul-body-reader');
const results = new SharedArrayBuffer(init.slots * init.slotFloats * 4);
const states = new SharedArrayBuffer(init.slots * 4);
const state = new Int32Array(states);
// Views: each body's readings are copied into a result slot before the next body is read.
const reader = new PredictBodyReader({ readings: 'views' });
let nextSlot = 0;

/** A free slot, waiting for the event loop to copy one out if all are filled. */
function claimSlot(): number {
  for (;;) {
    for (let k = 0; k < init.slots; k++) {
      const slot = (nextSlot + k) % init.slots;
      if (Atomics.compareExchange(state, slot, FREE, FILLED) === FREE) {
        nextSlot = (slot + 1) % init.slots;
        return slot;
      }
    }
    // Every slot awaits the event loop, which frees them without ever waiting on this thread.
    Atomics.wait(state, nextSlot, FILLED, 50);
  }
}

function toWire({ engines, horizons, model }: PackedBody): PackedWire {
  const counts = new Int32Array(engines.length);
  const lastCycles = new Float64Array(engines.length);
  let rows = 0;
  engines.forEach((history, e) => {
    counts[e] = history.count;
    lastCycles[e] = history.lastCycle;
    rows += history.count;
  });
  const length = rows * CHANNEL_COUNT;
  const fits = length <= init.slotFloats;
  const slot = fits ? claimSlot() : -1;
  const readings = fits
    ? new Float32Array(results, slot * init.slotFloats * 4, length)
    : new Float32Array(length);
  let offset = 0;
  for (const history of engines) {
    readings.set(history.readings, offset);
    offset += history.readings.length;
  }
  return {
    units: engines.map((e) => e.unit),
    models: engines.map((e) => e.model),
    counts,
    lastCycles,
    readings: fits ? { slot, length } : readings,
    horizons,
    model,
  };
}

worker.port.on('message', (msg: ToWorker<ReadRequest>) => {
  if (msg.type === 'close') {
    worker.port.close();
    return;
  }
  const { id, request } = msg;
  const { kind, body } = request;
  let wire: PackedWire | undefined;
  try {
    const bytes = Buffer.from(body);
    const packed = kind === 'batch' ? reader.batch(bytes) : reader.predict(bytes);
    if (packed === undefined) {
      worker.reply(id, { declined: body }, [body]);
      return;
    }
    wire = toWire(packed);
  } catch (err) {
    // A reader bug, never a client mistake (those decline): the ordinary path still answers.
    worker.reply(id, { declined: body, error: (err as Error).message }, [body]);
    return;
  }
  const transfer = wire.readings instanceof Float32Array ? [wire.readings.buffer as ArrayBuffer] : [];
  worker.reply(id, { packed: wire }, transfer);
});
worker.ready({ results, states });
