/** What the body reader pool (event loop) and its threads (body-reader-worker.ts) exchange. */

export type BodyKind = 'predict' | 'batch';

export interface ReaderInit {
  /** Result slots, and the readings (float32) each holds. */
  slots: number;
  slotFloats: number;
}

export interface ReadRequest {
  kind: BodyKind;
  /** The body's bytes, transferred. */
  body: ArrayBuffer;
}

/** Engines back to back: engine e has counts[e] rows of CHANNEL_COUNT readings. */
export interface PackedWire {
  units: (string | undefined)[];
  /** Each engine's model by name, where it names one. */
  models: (string | undefined)[];
  counts: Int32Array;
  lastCycles: Float64Array;
  /** Where the readings are: a result slot (free it once copied), or, too large for one, an array. */
  readings: { slot: number; length: number } | Float32Array;
  horizons: number[] | undefined;
  /** The request's model by name. */
  model: string | undefined;
}

/** `declined` hands the bytes back; `error` says why when the reader failed rather than declined. */
export type ReadReply = { packed: PackedWire } | { declined: ArrayBuffer; error?: string };

/** A ready reader thread's result slots (`slots` × `slotFloats` readings) and their states. */
export interface ReaderInfo {
  results: SharedArrayBuffer;
  states: SharedArrayBuffer;
}

/** Slot states in `states`: FREE until the reader fills it, FILLED until the event loop copied it. */
export const FREE = 0;
export const FILLED = 1;
