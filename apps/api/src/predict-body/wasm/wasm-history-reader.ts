/**
 * An optional accelerator, and its only way in: this folder holds the compiled history reader's
 * AssemblyScript source (history-reader.as.ts), its build (build-history-reader.ts, `pnpm --filter
 * @rul/api wasm`), the module it generates (history-reader.generated.ts, committed and checked to be
 * fresh) and the WebAssembly typing it needs (webassembly.d.ts). Only read-predict-body.ts uses it.
 *
 * The reader is the hot loop of PredictBodyReader, about twice as fast as the same reading in
 * JavaScript (docs/benchmarks.md). Each reader
 * owns one instance: a body is copied into its memory once, then each history is read in one call.
 * The module returns -1 for anything but the plain form, and the caller then reads that history in
 * JavaScript, so results never depend on which of the two read them.
 */
import { HISTORY_READER_WASM } from './history-reader.generated.js';

interface HistoryReaderExports {
  memory: WebAssembly.Memory;
  heapBase(): number;
  lastCount(): number;
  lastCycle(): number;
  readHistory(
    at: number,
    out: number,
    settings: number,
    sensors: number,
    minCycles: number,
    maxCycles: number,
    minCycle: number,
  ): number;
}

/**
 * Larger bodies are read in JavaScript: an instance's memory never shrinks, so this bounds what a
 * reader holds on to after its largest body (the default /predict/batch limit is 16 MiB).
 */
export const WASM_MAX_BODY_BYTES = 16 * 1024 * 1024;
const PAGE = 65_536;

let compiled: WebAssembly.Module | undefined;

export interface HistoryShape {
  settings: number;
  sensors: number;
  minCycles: number;
  maxCycles: number;
  minCycle: number;
}

export class WasmHistoryReader {
  private readonly exports: HistoryReaderExports;
  private readonly base: number;
  private bytes: Uint8Array;
  private floats: Float32Array;
  /** Byte address of the readings area for the loaded body. */
  private out = 0;
  /** Readings per cycle. */
  private readonly row: number;

  constructor(private readonly shape: HistoryShape) {
    this.row = shape.settings + shape.sensors;
    compiled ??= new WebAssembly.Module(Buffer.from(HISTORY_READER_WASM, 'base64'));
    this.exports = new WebAssembly.Instance(compiled, {}).exports as unknown as HistoryReaderExports;
    this.base = this.exports.heapBase();
    this.bytes = new Uint8Array(this.exports.memory.buffer);
    this.floats = new Float32Array(this.exports.memory.buffer);
  }

  /** Copies `body` into the module's memory; false when it is too large (read it in JavaScript). */
  load(body: Uint8Array): boolean {
    if (body.length > WASM_MAX_BODY_BYTES) return false;
    const { memory } = this.exports;
    // The body, a zero byte after it (no scan can run past it), then room for the longest history.
    const out = (this.base + body.length + 1 + 7) & ~7;
    const needed = out + this.shape.maxCycles * this.row * 4;
    if (needed > memory.buffer.byteLength) {
      memory.grow(Math.ceil((needed - memory.buffer.byteLength) / PAGE));
      this.bytes = new Uint8Array(memory.buffer);
      this.floats = new Float32Array(memory.buffer);
    }
    this.bytes.set(body, this.base);
    this.bytes[this.base + body.length] = 0;
    this.out = out;
    return true;
  }

  /**
   * Reads the history array at byte `offset` of the loaded body. Returns the offset after it, or -1
   * when it must be read in JavaScript (it is not in the plain form, or not valid).
   */
  read(offset: number): number {
    const s = this.shape;
    const end = this.exports.readHistory(
      this.base + offset,
      this.out,
      s.settings,
      s.sensors,
      s.minCycles,
      s.maxCycles,
      s.minCycle,
    );
    return end < 0 ? -1 : end - this.base;
  }

  /** Cycles in the last history read. */
  get count(): number {
    return this.exports.lastCount();
  }

  /** The last cycle number of the last history read. */
  get lastCycle(): number {
    return this.exports.lastCycle();
  }

  /** The last history's readings, row by row: a view, valid until the next read or load. */
  readings(): Float32Array {
    const start = this.out >> 2;
    return this.floats.subarray(start, start + this.count * this.row);
  }
}
