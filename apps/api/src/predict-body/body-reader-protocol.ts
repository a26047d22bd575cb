/** Messages between the body reader pool (event loop) and its threads (body-reader-worker.ts). */

export type BodyKind = 'predict' | 'batch';

export interface ReaderInit {
  /** Result slots, and the readings (float32) each holds. */
  slots: number;
  slotFloats: number;
}

export interface ReadRequest {
  id: number;
  kind: BodyKind;
  /** The body's bytes, transferred. */
  body: ArrayBuffer;
}

/** Engines back to back: engine e has counts[e] rows of CHANNEL_COUNT readings. */
export interface PackedWire {
  units: (string | undefined)[];
  counts: Int32Array;
  lastCycles: Float64Array;
  /** Where the readings are: a result slot (free it once copied), or, too large for one, an array. */
  readings: { slot: number; length: number } | Float32Array;
  horizons: number[] | undefined;
}

/** `declined` hands the bytes back; `error` says why when the reader failed rather than declined. */
export type ReadReply =
  { id: number; packed: PackedWire } | { id: number; declined: ArrayBuffer; error?: string };

export type ReaderMessage =
  ReadReply | { ready: true; results: SharedArrayBuffer; states: SharedArrayBuffer };

/** Slot states in `states`: FREE until the reader fills it, FILLED until the event loop copied it. */
export const FREE = 0;
export const FILLED = 1;
