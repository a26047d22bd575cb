/** Compute bound: ONNX Runtime runs/s in this process, no HTTP, same session options as the workers. */
import ort from 'onnxruntime-node';

export interface RawResult {
  batch: number;
  runsPerSec: number;
  predictionsPerSec: number;
}

export async function rawOrt(
  modelPath: string,
  window: number,
  threads: number,
  batches: number[],
  seconds = 3,
) {
  const session = await ort.InferenceSession.create(modelPath, {
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
  });
  const results: RawResult[] = [];
  for (const batch of batches) {
    const data = new Float32Array(batch * window * 24).map((_, i) => 500 + (i % 24));
    const feeds = { [session.inputNames[0] as string]: new ort.Tensor('float32', data, [batch, window, 24]) };
    for (let i = 0; i < 20; i++) await session.run(feeds);
    let runs = 0;
    const start = performance.now();
    while (performance.now() - start < seconds * 1000) {
      await session.run(feeds);
      runs++;
    }
    const runsPerSec = runs / ((performance.now() - start) / 1000);
    results.push({ batch, runsPerSec, predictionsPerSec: runsPerSec * batch });
  }
  await session.release();
  return results;
}
