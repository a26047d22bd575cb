/** Checks and flattens a V2 FP32 input tensor against the model's `[batch, window, channels]` input. */
import { CHANNEL_COUNT, isReading } from '@rul/cmapss';
import type { InferRequest } from '../schemas/kserve.js';

export class TensorError extends Error {
  readonly statusCode = 400;
}

/** Flattens nested JSON arrays row-major, refusing anything but finite numbers. */
function flattenInto(
  value: unknown,
  out: Float32Array,
  state: { i: number },
  limit: number,
  depth = 0,
): void {
  if (Array.isArray(value)) {
    // The tensor has 3 dimensions; deeper nesting is malformed (and must not blow the stack).
    if (depth >= 3) throw new TensorError('input data is nested deeper than the tensor shape');
    for (const v of value) flattenInto(v, out, state, limit, depth + 1);
    return;
  }
  if (typeof value !== 'number' || !isReading(value)) {
    throw new TensorError(`input data element ${state.i} is not a finite number within the FP32 range`);
  }
  if (state.i >= limit) throw new TensorError(`input data has more than ${limit} elements`);
  out[state.i++] = value;
}

export function readInputTensor(
  body: InferRequest,
  expected: { name: string; window: number; maxBatch: number },
): { data: Float32Array; batch: number } {
  if (body.inputs.length !== 1) {
    throw new TensorError(`expected exactly 1 input (${expected.name}), got ${body.inputs.length}`);
  }
  const input = body.inputs[0] as InferRequest['inputs'][number];
  if (input.name !== expected.name) {
    throw new TensorError(`unknown input '${input.name}'; the model's input is '${expected.name}'`);
  }
  if (input.datatype !== 'FP32') {
    throw new TensorError(`input '${input.name}' has datatype ${input.datatype}; expected FP32`);
  }
  const [batch, window, channels] = input.shape;
  if (input.shape.length !== 3 || window !== expected.window || channels !== CHANNEL_COUNT || !batch) {
    throw new TensorError(
      `input '${input.name}' has shape [${input.shape.join(', ')}]; expected [batch >= 1, ${expected.window}, ${CHANNEL_COUNT}]`,
    );
  }
  if (batch > expected.maxBatch) {
    throw new TensorError(`batch ${batch} is larger than this server accepts (${expected.maxBatch})`);
  }
  const size = batch * window * channels;
  const data = new Float32Array(size);
  const state = { i: 0 };
  flattenInto(input.data, data, state, size);
  if (state.i !== size) {
    throw new TensorError(
      `input data has ${state.i} elements; shape [${input.shape.join(', ')}] needs ${size}`,
    );
  }
  return { data, batch };
}
