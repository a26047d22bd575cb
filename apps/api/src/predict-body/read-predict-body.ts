/**
 * Reads a valid /predict or /predict/batch JSON body straight from its bytes into packed histories
 * (one Float32Array of readings per engine) in a single pass that also checks everything the route
 * schema and the ordering rule check. It gives up (`undefined`) on anything that is not plainly valid,
 * and the route then takes the ordinary path (JSON.parse, schema validation, ordering check), which
 * reports the exact error. Bounds are read off the TypeBox schemas so the two paths can't drift apart.
 * Each history is first offered to the compiled reader (wasm/wasm-history-reader.ts), which reads the plain form
 * about twice as fast and leaves everything else to the JavaScript reader below.
 */
import { CHANNEL_COUNT, CycleSchema, HistorySchema, SETTING_COUNT } from '@rul/cmapss';
import { BatchJsonBodySchema, HorizonsSchema, ModelNameSchema, UnitSchema } from '../schemas/predict.js';
import { WasmHistoryReader } from './wasm/wasm-history-reader.js';
import { DECLINED, decline, JsonBytes, keyBytes, quotedKey } from './json-bytes.js';
import { PackedBody, type PackedHistory } from './packed-history.js';

/** A history as read, before its engine's unit (which may come after it) is known. */
type Rows = Omit<PackedHistory, 'unit'>;

function keyword(schema: object, name: string): number {
  const value = (schema as Record<string, unknown>)[name];
  if (typeof value !== 'number') throw new Error(`schema has no numeric ${name}`);
  return value;
}

const limits = {
  unitMin: keyword(UnitSchema, 'minLength'),
  unitMax: keyword(UnitSchema, 'maxLength'),
  modelMin: keyword(ModelNameSchema, 'minLength'),
  modelMax: keyword(ModelNameSchema, 'maxLength'),
  cyclesMin: keyword(HistorySchema, 'minItems'),
  cyclesMax: keyword(HistorySchema, 'maxItems'),
  cycleMin: keyword(CycleSchema.properties.cycle, 'minimum'),
  settings: keyword(CycleSchema.properties.settings, 'minItems'),
  sensors: keyword(CycleSchema.properties.sensors, 'minItems'),
  horizonsMin: keyword(HorizonsSchema, 'minItems'),
  horizonsMax: keyword(HorizonsSchema, 'maxItems'),
  horizonMin: keyword(HorizonsSchema.items, 'minimum'),
  horizonMax: keyword(HorizonsSchema.items, 'maximum'),
  enginesMin: keyword(BatchJsonBodySchema.properties.engines, 'minItems'),
  enginesMax: keyword(BatchJsonBodySchema.properties.engines, 'maxItems'),
};
if (limits.settings + limits.sensors !== CHANNEL_COUNT || limits.settings !== SETTING_COUNT) {
  throw new Error('cycle schema and model channels disagree');
}

const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;

const CYCLE_KEYS = [keyBytes('cycle'), keyBytes('settings'), keyBytes('sensors')];
// The order nearly every client writes a cycle in, tried byte for byte before the general key match.
const CYCLE_KEYS_QUOTED = [quotedKey('cycle'), quotedKey('settings'), quotedKey('sensors')];
const PREDICT_KEYS = [keyBytes('cycles'), keyBytes('unit'), keyBytes('horizons'), keyBytes('model')];
const BATCH_KEYS = [keyBytes('engines'), keyBytes('horizons'), keyBytes('model')];
const ENGINE_KEYS = [keyBytes('cycles'), keyBytes('unit'), keyBytes('model')];
const MODEL_NAME = new RegExp((ModelNameSchema as { pattern?: string }).pattern ?? '^$');

export interface PredictBodyReaderOptions {
  /**
   * `copies` (the default): each history's readings are an array of its own. `views`: views into the
   * reader's scratch buffer, valid until the next read, for a caller that copies them out at once
   * (the body reader threads).
   */
  readings?: 'copies' | 'views';
  /** `false` reads every history in JavaScript (tests compare the two readers). */
  compiled?: boolean;
}

/** One reader per route: its scratch buffer is reused, so a request allocates only what it returns. */
export class PredictBodyReader {
  private scratch = new Float32Array(256 * CHANNEL_COUNT);
  /** Views only: where the next history starts in `scratch`. */
  private used = 0;
  private readonly compiled: WasmHistoryReader | undefined;
  /** Whether the body being read is in the compiled reader's memory. */
  private compiledLoaded = false;

  private readonly views: boolean;

  constructor({ readings = 'copies', compiled = true }: PredictBodyReaderOptions = {}) {
    this.views = readings === 'views';
    this.compiled = compiled
      ? new WasmHistoryReader({
          settings: limits.settings,
          sensors: limits.sensors,
          minCycles: limits.cyclesMin,
          maxCycles: limits.cyclesMax,
          minCycle: limits.cycleMin,
        })
      : undefined;
  }

  /** `undefined` when the body is not plainly valid (the caller then parses it the ordinary way). */
  predict(body: Buffer): PackedBody | undefined {
    return this.attempt(body, (r) => {
      let history: Rows | undefined;
      let unit: string | undefined;
      let horizons: number[] | undefined;
      let model: string | undefined;
      r.expect(OPEN_OBJECT);
      do {
        const k = r.key(PREDICT_KEYS);
        if (k === 0 && !history) history = this.history(r);
        else if (k === 1 && unit === undefined) unit = r.asciiString(limits.unitMin, limits.unitMax);
        else if (k === 2 && !horizons) horizons = this.horizons(r);
        else if (k === 3 && model === undefined) model = this.modelName(r);
        else decline(); // a repeated key: JSON.parse keeps the last one, let it
      } while (r.more(CLOSE_OBJECT));
      r.end();
      return history ? new PackedBody([{ unit, ...history }], horizons, model) : decline();
    });
  }

  /** The JSON form of /predict/batch. */
  batch(body: Buffer): PackedBody | undefined {
    return this.attempt(body, (r) => {
      let engines: PackedHistory[] | undefined;
      let horizons: number[] | undefined;
      let model: string | undefined;
      r.expect(OPEN_OBJECT);
      do {
        const k = r.key(BATCH_KEYS);
        if (k === 0 && !engines) engines = this.engines(r);
        else if (k === 1 && !horizons) horizons = this.horizons(r);
        else if (k === 2 && model === undefined) model = this.modelName(r);
        else decline();
      } while (r.more(CLOSE_OBJECT));
      r.end();
      return engines ? new PackedBody(engines, horizons, model) : decline();
    });
  }

  private attempt<T>(body: Buffer, read: (r: JsonBytes) => T): T | undefined {
    this.used = 0;
    this.compiledLoaded = this.compiled?.load(body) ?? false;
    try {
      return read(new JsonBytes(body));
    } catch (err) {
      if (err === DECLINED) return undefined;
      throw err;
    }
  }

  private engines(r: JsonBytes): PackedHistory[] {
    const engines: PackedHistory[] = [];
    r.expect(OPEN_ARRAY);
    do {
      let history: Rows | undefined;
      let unit: string | undefined;
      let model: string | undefined;
      r.expect(OPEN_OBJECT);
      do {
        const k = r.key(ENGINE_KEYS);
        if (k === 0 && !history) history = this.history(r);
        else if (k === 1 && unit === undefined) unit = r.asciiString(limits.unitMin, limits.unitMax);
        else if (k === 2 && model === undefined) model = this.modelName(r);
        else decline();
      } while (r.more(CLOSE_OBJECT));
      if (!history || engines.length === limits.enginesMax) decline();
      engines.push(model === undefined ? { unit, ...history } : { unit, model, ...history });
    } while (r.more(CLOSE_ARRAY));
    if (engines.length < limits.enginesMin) decline();
    return engines;
  }

  private modelName(r: JsonBytes): string {
    const name = r.asciiString(limits.modelMin, limits.modelMax);
    return MODEL_NAME.test(name) ? name : decline();
  }

  private horizons(r: JsonBytes): number[] {
    const horizons: number[] = [];
    r.expect(OPEN_ARRAY);
    do {
      r.number();
      const h = r.value;
      if (!Number.isInteger(h) || h < limits.horizonMin || h > limits.horizonMax) decline();
      if (horizons.length === limits.horizonsMax) decline();
      horizons.push(h);
    } while (r.more(CLOSE_ARRAY));
    if (horizons.length < limits.horizonsMin) decline();
    return horizons;
  }

  /** `[{ cycle, settings, sensors }, …]`: readings packed row by row, cycles strictly increasing. */
  private history(r: JsonBytes): Rows {
    const compiled = this.compiled;
    if (compiled && this.compiledLoaded) {
      const end = compiled.read(r.offset);
      if (end >= 0) {
        r.seek(end);
        const count = compiled.count;
        const rows = compiled.readings();
        if (!this.views) return { count, lastCycle: compiled.lastCycle, readings: rows.slice() };
        this.reserve(this.used + count * CHANNEL_COUNT);
        this.scratch.set(rows, this.used);
        return this.packed(count, compiled.lastCycle);
      }
    }
    r.expect(OPEN_ARRAY);
    let count = 0;
    let previous = -Infinity;
    do {
      if (count === limits.cyclesMax) decline();
      const base = this.used + count * CHANNEL_COUNT;
      this.reserve(base + CHANNEL_COUNT);
      let cycle: number | undefined;
      let seen = 0;
      r.expect(OPEN_OBJECT);
      let expected = 0;
      do {
        const k =
          expected < 3 && r.tryKey(CYCLE_KEYS_QUOTED[expected] as Uint8Array) ? expected : r.key(CYCLE_KEYS);
        expected = k + 1;
        if (seen & (1 << k)) decline();
        seen |= 1 << k;
        if (k === 0) {
          r.number();
          cycle = r.value;
          if (!Number.isInteger(cycle) || cycle < limits.cycleMin || cycle <= previous) decline();
        } else if (k === 1) r.numbers(this.scratch, base, limits.settings);
        else r.numbers(this.scratch, base + limits.settings, limits.sensors);
      } while (r.more(CLOSE_OBJECT));
      if (seen !== 7 || cycle === undefined) decline();
      previous = cycle;
      count++;
    } while (r.more(CLOSE_ARRAY));
    if (count < limits.cyclesMin) decline();
    return this.packed(count, previous);
  }

  /** The history of `count` cycles stored in `scratch` from `used` on. */
  private packed(count: number, lastCycle: number): Rows {
    const start = this.used;
    const end = start + count * CHANNEL_COUNT;
    if (!this.views) return { count, lastCycle, readings: this.scratch.slice(start, end) };
    this.used = end;
    return { count, lastCycle, readings: this.scratch.subarray(start, end) };
  }

  /** Makes `scratch` hold at least `length` readings, keeping what it holds. */
  private reserve(length: number): void {
    if (length <= this.scratch.length) return;
    let size = this.scratch.length * 2;
    while (size < length) size *= 2;
    const grown = new Float32Array(size);
    grown.set(this.scratch);
    this.scratch = grown;
  }
}
