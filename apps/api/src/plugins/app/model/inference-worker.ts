/**
 * Worker-thread entry: owns one ONNX Runtime session. session.run blocks the thread it runs on, so it
 * lives here and the HTTP event loop stays free for health checks and metrics while the model works.
 * Imports nothing from the app but the dependency-free thread-name.ts and workers/worker-protocol.ts,
 * so it can start without the app's module graph.
 *
 * Runs that arrive while the session is busy are merged into one ONNX Runtime run (up to `maxBatch`
 * windows) as soon as it is free. The worker does not wait for the event loop to hand it the next
 * batch: on a busy 2-core box the event loop is often parsing requests when a run ends, and the
 * session sat idle until it got round to dispatching (about a quarter of the time at 32 clients).
 */
import { parentPort, workerData } from 'node:worker_threads';
import ort from 'onnxruntime-node';
import { nameThread } from '../../../thread-name.js';
import { workerPort, type ToWorker } from '../../../workers/worker-protocol.js';

export interface WorkerInit {
  modelPath: string;
  intraOpNumThreads: number;
  inputName: string;
  channels: number;
  /** Largest merged run, in windows; a single larger request still runs whole. */
  maxBatch: number;
}

export interface RunRequest {
  data: Float32Array;
  batch: number;
  window: number;
}

export interface TensorOut {
  data: Float32Array;
  dims: number[];
}

/** The ONNX Runtime run a request was part of: its size in windows, its time, and whether this
 * request is the first of the run (so a run is counted once however many requests it merged). */
export interface RunInfo {
  windows: number;
  ms: number;
  first: boolean;
}

export interface RunReply {
  outputs: Record<string, TensorOut>;
  run: RunInfo;
}

/** What a ready worker tells the pool. */
export interface WorkerInfo {
  inputNames: string[];
  outputNames: string[];
}

/** A request as the worker queues it: with the id its reply goes back under. */
type Queued = RunRequest & { id: number };

const init = workerData as WorkerInit;
nameThread('rul-inference');
const worker = workerPort<RunReply, WorkerInfo>(parentPort, 'inference-worker');

async function main(): Promise<void> {
  let session: ort.InferenceSession;
  try {
    session = await ort.InferenceSession.create(init.modelPath, {
      intraOpNumThreads: init.intraOpNumThreads,
      // One request stream per worker: parallelism comes from intra-op threads and extra workers.
      interOpNumThreads: 1,
      executionMode: 'sequential',
      graphOptimizationLevel: 'all',
    });
  } catch (err) {
    worker.startFailed(`ONNX Runtime could not load ${init.modelPath}: ${(err as Error).message}`);
    return;
  }
  const pending: Queued[] = [];
  // True from the first queued request until `pending` is empty again (scheduled or running).
  let running = false;
  let closing = false;
  const finish = async (): Promise<void> => {
    // Releasing the native session before the thread ends: tearing a worker down with a live
    // session aborts the whole process from native code.
    await session.release();
    worker.port.close();
  };

  // Only requests whose data has exactly the shape they claim are merged: a malformed one runs alone,
  // so ONNX Runtime's error reaches that request and no other.
  const wellFormed = (r: Queued): boolean => r.data.length === r.batch * r.window * init.channels;

  /** Takes the oldest requests, up to maxBatch windows together (always at least one). */
  const take = (): Queued[] => {
    const first = pending.shift() as Queued;
    const group = [first];
    if (!wellFormed(first)) return group;
    let windows = first.batch;
    while (
      pending.length &&
      (pending[0] as Queued).window === first.window &&
      wellFormed(pending[0] as Queued) &&
      windows + (pending[0] as Queued).batch <= init.maxBatch
    ) {
      const next = pending.shift() as Queued;
      group.push(next);
      windows += next.batch;
    }
    return group;
  };

  const runGroup = async (group: Queued[]): Promise<void> => {
    const started = performance.now();
    const windows = group.reduce((n, r) => n + r.batch, 0);
    const window = (group[0] as Queued).window;
    let data: Float32Array;
    if (group.length === 1) {
      data = (group[0] as Queued).data;
    } else {
      data = new Float32Array(windows * window * init.channels);
      let offset = 0;
      for (const r of group) {
        data.set(r.data, offset);
        offset += r.data.length;
      }
    }
    try {
      const tensor = new ort.Tensor('float32', data, [windows, window, init.channels]);
      const result = await session.run({ [init.inputName]: tensor });
      const ms = performance.now() - started;
      let row = 0;
      group.forEach((r, i) => {
        const outputs: Record<string, TensorOut> = {};
        const transfer: ArrayBuffer[] = [];
        for (const [name, value] of Object.entries(result)) {
          const all = value.data as Float32Array;
          const perRow = all.length / windows;
          const part = all.slice(row * perRow, (row + r.batch) * perRow);
          outputs[name] = { data: part, dims: [r.batch, ...value.dims.slice(1)] };
          transfer.push(part.buffer);
        }
        row += r.batch;
        const run: RunInfo = { windows, ms, first: i === 0 };
        worker.reply(r.id, { outputs, run }, transfer);
      });
    } catch (err) {
      for (const r of group) worker.failed(r.id, `inference failed: ${(err as Error).message}`);
    }
  };

  const drain = async (): Promise<void> => {
    // session.run yields to this thread's event loop before it computes, so requests posted while a
    // run was in progress are already in `pending` when the next group is taken.
    while (pending.length) await runGroup(take());
    running = false;
    if (closing) await finish();
  };

  worker.port.on('message', (msg: ToWorker<RunRequest>) => {
    if (msg.type === 'close') {
      // Finish the queued runs, release the ORT session and exit on its own.
      closing = true;
      if (!running) void finish();
      return;
    }
    pending.push({ ...msg.request, id: msg.id });
    if (!running) {
      running = true;
      // Next turn, so that every request delivered in this one joins the first group.
      setImmediate(() => void drain());
    }
  });
  worker.ready({ inputNames: [...session.inputNames], outputNames: [...session.outputNames] });
}

void main();
