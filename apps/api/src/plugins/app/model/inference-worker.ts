/**
 * Worker-thread entry: owns one ONNX Runtime session. session.run blocks the thread it runs on, so it
 * lives here and the HTTP event loop stays free for health checks and metrics while the model works.
 * Imports nothing from the app so it can start without the app's module graph.
 */
import { parentPort, workerData } from 'node:worker_threads';
import ort from 'onnxruntime-node';

export interface WorkerInit {
  modelPath: string;
  intraOpNumThreads: number;
  inputName: string;
  channels: number;
}

export interface RunRequest {
  id: number;
  data: Float32Array;
  batch: number;
  window: number;
}

export interface TensorOut {
  data: Float32Array;
  dims: number[];
}

/** Asks the worker to finish its runs, release the ORT session and exit on its own. */
export interface CloseRequest {
  type: 'close';
}

export type WorkerMessage =
  | { type: 'ready'; inputNames: string[]; outputNames: string[] }
  | { type: 'init-error'; message: string }
  | { type: 'result'; id: number; outputs: Record<string, TensorOut>; ms: number }
  | { type: 'error'; id: number; message: string };

const init = workerData as WorkerInit;
const port = parentPort;

async function main(): Promise<void> {
  if (!port) throw new Error('inference-worker must run in a worker thread');
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
    port.postMessage({ type: 'init-error', message: (err as Error).message } satisfies WorkerMessage);
    return;
  }
  let inFlight = 0;
  let closing = false;
  const finish = async (): Promise<void> => {
    // Releasing the native session before the thread ends: tearing a worker down with a live
    // session aborts the whole process from native code.
    await session.release();
    port.close();
  };
  port.on('message', async (req: RunRequest | CloseRequest) => {
    if ('type' in req) {
      closing = true;
      if (inFlight === 0) await finish();
      return;
    }
    const started = performance.now();
    inFlight += 1;
    try {
      const tensor = new ort.Tensor('float32', req.data, [req.batch, req.window, init.channels]);
      const result = await session.run({ [init.inputName]: tensor });
      const outputs: Record<string, TensorOut> = {};
      const transfer: ArrayBuffer[] = [];
      for (const [name, value] of Object.entries(result)) {
        const data = new Float32Array(value.data as Float32Array);
        outputs[name] = { data, dims: [...value.dims] };
        transfer.push(data.buffer);
      }
      const msg: WorkerMessage = { type: 'result', id: req.id, outputs, ms: performance.now() - started };
      port.postMessage(msg, transfer);
    } catch (err) {
      port.postMessage({
        type: 'error',
        id: req.id,
        message: (err as Error).message,
      } satisfies WorkerMessage);
    } finally {
      inFlight -= 1;
      if (closing && inFlight === 0) await finish();
    }
  });
  port.postMessage({
    type: 'ready',
    inputNames: [...session.inputNames],
    outputNames: [...session.outputNames],
  } satisfies WorkerMessage);
}

void main();
