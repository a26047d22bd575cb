/**
 * Checks an untrusted JSON cycle history and reports every problem with its exact path, so a caller
 * can say "cycles[3].sensors has 20 values" instead of "bad request".
 */
import { DEFAULT_MAX_ISSUES, isReading, SENSOR_COUNT, SETTING_COUNT } from './constants.js';
import type { Cycle, Issue, Result } from './types.js';

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function checkNumbers(value: unknown, expected: number, path: string, issues: Issue[]): void {
  if (!Array.isArray(value)) {
    issues.push({ code: 'INVALID_TYPE', path, message: `${path} must be an array of ${expected} numbers` });
    return;
  }
  if (value.length !== expected) {
    issues.push({
      code: 'WRONG_LENGTH',
      path,
      message: `${path} has ${value.length} values, expected ${expected}`,
    });
    return;
  }
  value.forEach((v, i) => {
    if (typeof v !== 'number') {
      issues.push({ code: 'INVALID_TYPE', path: `${path}[${i}]`, message: `${path}[${i}] must be a number` });
    } else if (!isReading(v)) {
      const message = Number.isFinite(v)
        ? `${path}[${i}] is ${v}, beyond the float32 range the model reads (±3.4e38)`
        : `${path}[${i}] must be finite`;
      issues.push({ code: 'NON_FINITE', path: `${path}[${i}]`, message });
    }
  });
}

/** Validates one history. `path` prefixes every reported location (e.g. `engines[2].cycles`). */
export function validateHistory(
  input: unknown,
  path = 'cycles',
  maxIssues = DEFAULT_MAX_ISSUES,
): Result<Cycle[]> {
  if (!Array.isArray(input)) {
    return { ok: false, issues: [{ code: 'INVALID_TYPE', path, message: `${path} must be an array` }] };
  }
  if (input.length === 0) {
    return {
      ok: false,
      issues: [{ code: 'EMPTY_HISTORY', path, message: `${path} is empty; send at least one cycle` }],
    };
  }
  const issues: Issue[] = [];
  let previous: number | undefined;
  for (let i = 0; i < input.length && issues.length < maxIssues; i++) {
    const at = `${path}[${i}]`;
    const row: unknown = input[i];
    if (!isRecord(row)) {
      issues.push({ code: 'INVALID_TYPE', path: at, message: `${at} must be an object` });
      continue;
    }
    const cycle = row['cycle'];
    if (typeof cycle !== 'number' || !Number.isInteger(cycle) || cycle < 0) {
      issues.push({
        code: 'INVALID_TYPE',
        path: `${at}.cycle`,
        message: `${at}.cycle must be a non-negative integer`,
      });
    } else {
      if (previous !== undefined && cycle <= previous) {
        issues.push({
          code: 'NOT_INCREASING',
          path: `${at}.cycle`,
          message: `${at}.cycle is ${cycle} but the previous cycle is ${previous}; cycles must be strictly increasing`,
        });
      }
      previous = cycle;
    }
    checkNumbers(row['settings'], SETTING_COUNT, `${at}.settings`, issues);
    checkNumbers(row['sensors'], SENSOR_COUNT, `${at}.sensors`, issues);
  }
  if (issues.length > 0) return { ok: false, issues: issues.slice(0, maxIssues) };
  return { ok: true, value: input as Cycle[] };
}

/**
 * Only the ordering rule, for callers whose JSON schema already guaranteed the structure (the API's
 * route schemas do): one pass over the cycles instead of every reading.
 */
export function checkCycleOrder(cycles: readonly { cycle: number }[], path = 'cycles'): Result<true> {
  if (cycles.length === 0) {
    return {
      ok: false,
      issues: [{ code: 'EMPTY_HISTORY', path, message: `${path} is empty; send at least one cycle` }],
    };
  }
  for (let i = 1; i < cycles.length; i++) {
    const previous = (cycles[i - 1] as { cycle: number }).cycle;
    const cycle = (cycles[i] as { cycle: number }).cycle;
    if (cycle <= previous) {
      const at = `${path}[${i}].cycle`;
      return {
        ok: false,
        issues: [
          {
            code: 'NOT_INCREASING',
            path: at,
            message: `${at} is ${cycle} but the previous cycle is ${previous}; cycles must be strictly increasing`,
          },
        ],
      };
    }
  }
  return { ok: true, value: true };
}
