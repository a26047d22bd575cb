// Pure tensor checks on hand-built requests; nothing is faked.
import { describe, expect, it } from 'vitest';
import { readInputTensor } from './kserve-tensor.js';

const expected = { name: 'readings', window: 2, maxBatch: 4 };
const input = (over: Record<string, unknown> = {}) => ({
  inputs: [{ name: 'readings', datatype: 'FP32', shape: [1, 2, 24], data: Array(48).fill(1), ...over }],
});

describe('readInputTensor', () => {
  it('accepts flat and nested data', () => {
    expect(readInputTensor(input(), expected).batch).toBe(1);
    const nested = [[Array(24).fill(2), Array(24).fill(3)]];
    expect(readInputTensor(input({ data: nested }), expected).data[47]).toBe(3);
  });

  it.each([
    [{ datatype: 'INT64' }, /datatype INT64/],
    [{ shape: [1, 3, 24] }, /expected \[batch >= 1, 2, 24\]/],
    [{ shape: [9, 2, 24], data: Array(9 * 48).fill(1) }, /larger than/],
    [{ data: Array(47).fill(1) }, /has 47 elements/],
    [{ data: [...Array(47).fill(1), 'x'] }, /not a finite number/],
    [{ data: [...Array(46).fill(1), 1e39, 1] }, /element 46 is not a finite number within the FP32 range/],
    [{ name: 'other' }, /unknown input 'other'/],
    [{ data: [[[[1]]]] }, /nested deeper/],
  ])('rejects %o', (over, message) => {
    expect(() => readInputTensor(input(over), expected)).toThrow(message);
  });
});
