/**
 * Parser for C-MAPSS text: one row per line, 26 whitespace-separated columns (unit, cycle, 3 settings,
 * 21 sensors), trailing spaces allowed, many units per file. Problems are reported with their 1-based
 * line and column so a user can find them in an editor. Rows of a unit may be interleaved with other
 * units' rows; within a unit the cycles must be strictly increasing.
 */
import { COLUMN_COUNT, DEFAULT_MAX_ISSUES, isReading, SETTING_COUNT } from './constants.js';
import type { Cycle, Issue, Result, UnitHistory } from './types.js';

// Plain decimal numbers only: rejects "nan", "inf", hex, and the empty string that Number() accepts.
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const NON_FINITE = /^[+-]?(?:nan|inf|infinity)$/i;

export interface ParseOptions {
  maxIssues?: number;
  /** Stop with an issue when more than this many distinct units appear. */
  maxUnits?: number;
}

function describeBadToken(token: string): string {
  if (NON_FINITE.test(token)) return `non-finite value '${token}'; every reading must be a finite number`;
  if (DECIMAL.test(token)) return `'${token}' is beyond the float32 range the model reads (±3.4e38)`;
  const shown = token.length > 20 ? `${token.slice(0, 20)}…` : token;
  return `'${shown}' is not a number`;
}

/** A failure says with `code: 'TOO_MANY_UNITS'` that parsing stopped at `maxUnits` (its issue is the last). */
export type ParseTextResult =
  Extract<Result<UnitHistory[]>, { ok: true }> | { ok: false; issues: Issue[]; code?: 'TOO_MANY_UNITS' };

/** Parses a whole file. Units keep the order in which they first appear. */
export function parseCmapssText(text: string, options: ParseOptions = {}): ParseTextResult {
  const maxIssues = options.maxIssues ?? DEFAULT_MAX_ISSUES;
  const maxUnits = options.maxUnits ?? Number.POSITIVE_INFINITY;
  const issues: Issue[] = [];
  let tooManyUnits = false;
  const units = new Map<string, UnitHistory>();
  const lines = text.split(/\r?\n/);
  const values = new Array<number>(COLUMN_COUNT);

  for (let l = 0; l < lines.length && issues.length < maxIssues; l++) {
    const line = l + 1;
    const trimmed = (lines[l] ?? '').trim();
    if (trimmed === '') continue;
    const tokens = trimmed.split(/\s+/);
    if (tokens.length !== COLUMN_COUNT) {
      issues.push({
        code: 'MALFORMED_LINE',
        path: `line ${line}`,
        line,
        column: Math.min(tokens.length, COLUMN_COUNT) + 1,
        message: `line ${line} has ${tokens.length} columns, expected ${COLUMN_COUNT} (unit, cycle, 3 settings, 21 sensors)`,
      });
      continue;
    }
    let bad = false;
    for (let c = 0; c < COLUMN_COUNT; c++) {
      const token = tokens[c] as string;
      const value = DECIMAL.test(token) ? Number(token) : Number.NaN;
      if (!isReading(value)) {
        const issueCode = NON_FINITE.test(token) || DECIMAL.test(token) ? 'NON_FINITE' : 'MALFORMED_LINE';
        const message = `line ${line} column ${c + 1}: ${describeBadToken(token)}`;
        issues.push({ code: issueCode, path: `line ${line}`, line, column: c + 1, message });
        bad = true;
        break;
      }
      values[c] = value;
    }
    if (bad) continue;
    const unitValue = values[0] as number;
    const cycleValue = values[1] as number;
    for (const [c, v, what] of [
      [1, unitValue, 'unit id'],
      [2, cycleValue, 'cycle'],
    ] as const) {
      if (!Number.isInteger(v) || v < 0) {
        issues.push({
          code: 'MALFORMED_LINE',
          path: `line ${line}`,
          line,
          column: c,
          message: `line ${line} column ${c}: ${what} must be a non-negative integer, got ${tokens[c - 1]}`,
        });
        bad = true;
      }
    }
    if (bad) continue;
    const unit = String(unitValue);
    let history = units.get(unit);
    if (!history) {
      if (units.size >= maxUnits) {
        issues.push({
          code: 'MALFORMED_LINE',
          path: `line ${line}`,
          line,
          column: 1,
          message: `line ${line}: more than ${maxUnits} units in one request`,
        });
        tooManyUnits = true;
        break;
      }
      history = { unit, cycles: [], firstLine: line };
      units.set(unit, history);
    }
    const last = history.cycles.at(-1);
    if (last && cycleValue <= last.cycle) {
      issues.push({
        code: 'NOT_INCREASING',
        path: `line ${line}`,
        line,
        column: 2,
        message: `line ${line} column 2: unit ${unit} cycle ${cycleValue} follows cycle ${last.cycle}; cycles must be strictly increasing`,
      });
      continue;
    }
    const cycle: Cycle = {
      cycle: cycleValue,
      settings: values.slice(2, 2 + SETTING_COUNT),
      sensors: values.slice(2 + SETTING_COUNT, COLUMN_COUNT),
    };
    history.cycles.push(cycle);
  }

  if (issues.length > 0)
    return tooManyUnits ? { ok: false, issues, code: 'TOO_MANY_UNITS' } : { ok: false, issues };
  if (units.size === 0) {
    return {
      ok: false,
      issues: [{ code: 'EMPTY_HISTORY', path: 'body', message: 'no C-MAPSS rows found in the text' }],
    };
  }
  return { ok: true, value: [...units.values()] };
}
