/**
 * Reads a POST /fleet/telemetry body into engines, each knowing where it sits in the request so that
 * every error names the place to fix: `body.engines[3].cycles[2].sensors` (JSON) or `line 17`
 * (NDJSON). What makes the request unreadable (not JSON, no id, the same engine twice, too many
 * engines) is a 400 for the whole request; a bad reading only marks its own engine, which is then
 * rejected while the others are stored.
 */
import { checkCycleOrder, HistorySchema, MAX_HISTORY_CYCLES, type Cycle } from '@rul/cmapss';
import type { FastifySchemaCompiler, FastifySchemaValidationError } from 'fastify';
import { badRequest } from '../errors/app-error.js';
import { issueDetail, type AjvIssue } from '../errors/to-error-body.js';
import { AJV_OPTIONS, buildValidator } from '../schemas/ajv-options.js';
import { NdjsonReadingSchema } from '../schemas/fleet-telemetry.js';

export interface EngineError {
  code: string;
  message: string;
  field?: string;
  cycle?: number;
}

export interface BulkEngineInput {
  id: string;
  model?: string | undefined;
  cycles: Cycle[];
  /** Where the engine sits: `body.engines[3]`, or `line 17` (its first line). */
  at: string;
  /** Where its model is named: `body.engines[3].model`, or the line that named it. */
  modelAt: string;
  /** Where a field of its j-th cycle is: `body.engines[3].cycles[2].sensors`, or `line 19`. */
  fieldAt(j: number, field?: string): string;
  /** Set when the engine cannot be stored as sent: it is rejected, the others go on. */
  error?: EngineError;
}

/** The structure a JSON body has once the route validated it (cycles are checked here). */
export interface BulkJsonBody {
  engines: { id: string; model?: string; cycles: unknown[] }[];
}

type Validate = ((data: unknown) => boolean) & { errors?: FastifySchemaValidationError[] | null };

// The same strict compiler Fastify builds from buildApp's options, so messages read the same.
const compile = buildValidator({}, AJV_OPTIONS) as unknown as FastifySchemaCompiler<unknown>;
const validator = (schema: unknown): Validate =>
  compile({ schema, method: 'POST', url: '/fleet/telemetry', httpPart: 'body' } as never) as Validate;
const validHistory = validator(HistorySchema);
const validLine = validator(NdjsonReadingSchema);

const firstIssue = (v: Validate) =>
  (v.errors?.[0] ?? { instancePath: '', keyword: 'type', params: {} }) as AjvIssue;

/** Cycle number of `cycles[j]` when it is one (names the cycle of a bad reading). */
function cycleNumber(cycles: readonly unknown[], j: number): number | undefined {
  const c = (cycles[j] as { cycle?: unknown } | undefined)?.cycle;
  return Number.isInteger(c) ? (c as number) : undefined;
}

/** The cycle-order rule the single-engine route applies, as an engine error. */
function orderError(engine: BulkEngineInput, root: string): EngineError | undefined {
  const order = checkCycleOrder(engine.cycles, root);
  if (order.ok) return undefined;
  const issue = order.issues[0];
  const j = /\[(\d+)\]\.cycle$/.exec(issue?.path ?? '')?.[1];
  const at = j === undefined ? engine.at : engine.fieldAt(Number(j), 'cycle');
  const message = issue?.message.replace(issue.path ?? '', at) ?? `${at}: cycles must be strictly increasing`;
  const cycle = j === undefined ? undefined : engine.cycles[Number(j)]?.cycle;
  return {
    code: issue?.code ?? 'NOT_INCREASING',
    message,
    field: at,
    ...(cycle === undefined ? {} : { cycle }),
  };
}

/** Engines of a JSON body whose structure the route schema checked. */
export function readJsonBulk(body: BulkJsonBody): BulkEngineInput[] {
  const seen = new Map<string, number>();
  return body.engines.map((e, i) => {
    const first = seen.get(e.id);
    if (first !== undefined) {
      const [a, b] = [`body.engines[${first}].id`, `body.engines[${i}].id`];
      const message = `${b}: engine '${e.id}' is also at ${a}; send each engine once per request`;
      throw badRequest('DUPLICATE_ENGINE', message, [
        { path: a, message: `engine '${e.id}'` },
        { path: b, message },
      ]);
    }
    seen.set(e.id, i);
    const at = `body.engines[${i}]`;
    const engine: BulkEngineInput = {
      id: e.id,
      model: e.model,
      cycles: e.cycles as Cycle[],
      at,
      modelAt: `${at}.model`,
      fieldAt: (j, field) => `${at}.cycles[${j}]${field ? `.${field}` : ''}`,
    };
    if (!validHistory(e.cycles)) {
      const issue = firstIssue(validHistory);
      const detail = issueDetail(issue, `${at}.cycles`);
      const j = /^\/(\d+)/.exec(issue.instancePath)?.[1];
      const cycle = j === undefined ? undefined : cycleNumber(e.cycles, Number(j));
      engine.error = {
        code: 'VALIDATION_ERROR',
        message: detail.message,
        field: detail.path,
        ...(cycle === undefined ? {} : { cycle }),
      };
    } else {
      const error = orderError(engine, `${at}.cycles`);
      if (error) engine.error = error;
    }
    return engine;
  });
}

const lineError = (line: number, message: string, code = 'MALFORMED_LINE') =>
  badRequest(code, `line ${line}: ${message}`, [
    { path: `line ${line}`, line, message: `line ${line}: ${message}` },
  ]);

interface Group {
  engine: BulkEngineInput;
  lines: number[];
}

/**
 * Engines of an NDJSON body, one reading per line, grouped per engine in order of first appearance.
 * Blank lines are skipped; line numbers count every line from 1.
 */
export function readNdjsonBulk(text: string, maxEngines: number): BulkEngineInput[] {
  const groups = new Map<string, Group>();
  const lines = text.split('\n');
  for (let n = 1; n <= lines.length; n++) {
    const raw = (lines[n - 1] as string).replace(/\r$/, '');
    if (raw.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (err) {
      throw lineError(n, `not valid JSON (${(err as Error).message})`);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw lineError(n, 'must be a JSON object, one reading per line');
    }
    const reading = value as Record<string, unknown>;
    const id = reading['id'];
    if (typeof id !== 'string' || id.length < 1 || id.length > 128) {
      throw lineError(n, 'id must be a string of 1 to 128 characters naming the engine', 'VALIDATION_ERROR');
    }
    let group = groups.get(id);
    if (!group) {
      if (groups.size >= maxEngines) {
        throw lineError(
          n,
          `engine '${id}' is one more than the ${maxEngines} engines a request may hold`,
          'TOO_MANY_ENGINES',
        );
      }
      const at = `line ${n}`;
      const lineNumbers: number[] = [];
      group = {
        lines: lineNumbers,
        engine: { id, cycles: [], at, modelAt: at, fieldAt: (j) => `line ${lineNumbers[j] ?? n}` },
      };
      groups.set(id, group);
    }
    addReading(group, reading, n);
  }
  if (groups.size === 0)
    throw badRequest('EMPTY_BODY', 'body holds no readings; send one JSON reading per line');
  return [...groups.values()].map(({ engine }) => {
    if (!engine.error && engine.cycles.length > MAX_HISTORY_CYCLES) {
      engine.error = {
        code: 'VALIDATION_ERROR',
        message: `${engine.at}: engine '${engine.id}' has ${engine.cycles.length} readings; at most ${MAX_HISTORY_CYCLES} per engine and request`,
        field: engine.at,
      };
    }
    if (!engine.error) {
      const error = orderError(engine, 'cycles');
      if (error) engine.error = error;
    }
    return engine;
  });
}

function addReading(group: Group, reading: Record<string, unknown>, n: number): void {
  const { engine, lines } = group;
  if (!validLine(reading)) {
    const detail = issueDetail(firstIssue(validLine), '');
    const path = detail.path.replace(/^\./, '');
    const message = `line ${n}: ${detail.message.replace(/^\./, '')}`;
    // A bad model name is part of the request's structure, as it is in a JSON body.
    if (path === 'model')
      throw badRequest('VALIDATION_ERROR', message, [{ path: `line ${n}`, line: n, message }]);
    if (engine.error) return;
    const cycle = Number.isInteger(reading['cycle']) ? (reading['cycle'] as number) : undefined;
    engine.error = {
      code: 'VALIDATION_ERROR',
      message,
      field: `line ${n}`,
      ...(cycle === undefined ? {} : { cycle }),
    };
    return;
  }
  if (engine.error) return; // rejected at its first bad reading; the rest of its lines are only checked
  const model = reading['model'] as string | undefined;
  if (model !== undefined) {
    if (engine.model === undefined) {
      engine.model = model;
      engine.modelAt = `line ${n}`;
    } else if (model !== engine.model) {
      engine.error = {
        code: 'VALIDATION_ERROR',
        message: `line ${n}: model '${model}' differs from '${engine.model}' named on ${engine.modelAt} for engine '${engine.id}'`,
        field: `line ${n}`,
      };
      return;
    }
  }
  const { cycle, settings, sensors } = reading as unknown as Cycle;
  engine.cycles.push({ cycle, settings, sensors });
  lines.push(n);
}
