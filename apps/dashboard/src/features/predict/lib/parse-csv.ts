// CSV (header unit,cycle,setting1..3,s1..s21) → per-engine cycle histories, remembering each row's line so
// errors the API reports by JSON path can be shown at the line and field of the CSV.
import type { InputIssue } from './input-issue';

export const SETTING_FIELDS = ['setting1', 'setting2', 'setting3'] as const;
export const SENSOR_FIELDS = Array.from({ length: 21 }, (_, i) => `s${i + 1}`);
export const CSV_FIELDS = ['unit', 'cycle', ...SETTING_FIELDS, ...SENSOR_FIELDS];
export const CSV_HEADER = CSV_FIELDS.join(',');

const MAX_ISSUES = 20;

export interface CsvCycle {
  cycle: number;
  settings: number[];
  sensors: number[];
}

export interface CsvEngine {
  unit: string;
  cycles: CsvCycle[];
  /** 1-based line of each cycle row, parallel to `cycles`. */
  lines: number[];
}

export type CsvParseResult = { ok: true; engines: CsvEngine[] } | { ok: false; issues: InputIssue[] };

/** Tolerates case, spaces and underscores: `Setting_1`, `S7`, `sensor7` all name their column. */
function canonicalField(name: string): string {
  const key = name
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, '');
  const sensor = /^(?:s|sensor)(\d{1,2})$/.exec(key);
  if (sensor) return `s${Number(sensor[1])}`;
  const setting = /^(?:setting|opsetting|operationalsetting)(\d)$/.exec(key);
  if (setting) return `setting${setting[1]}`;
  if (key === 'unit' || key === 'unitnumber' || key === 'engine') return 'unit';
  return key;
}

export function looksLikeCsv(text: string): boolean {
  const first = text.split(/\r?\n/).find((line) => line.trim() !== '');
  return first !== undefined && first.includes(',');
}

export function parseCsv(text: string): CsvParseResult {
  const lines = text.split(/\r?\n/);
  const headerIndex = lines.findIndex((line) => line.trim() !== '');
  if (headerIndex < 0) return { ok: false, issues: [{ message: 'The input is empty.' }] };

  const header = (lines[headerIndex] ?? '').split(',').map(canonicalField);
  const columnOf = new Map(header.map((name, i) => [name, i]));
  const missing = CSV_FIELDS.filter((field) => !columnOf.has(field));
  if (missing.length > 0) {
    return {
      ok: false,
      issues: [
        {
          line: headerIndex + 1,
          message: `The header is missing ${missing.join(', ')}. Expected: ${CSV_HEADER}`,
        },
      ],
    };
  }

  const issues: InputIssue[] = [];
  const engines = new Map<string, CsvEngine>();

  for (let i = headerIndex + 1; i < lines.length && issues.length < MAX_ISSUES; i++) {
    const raw = lines[i] ?? '';
    if (raw.trim() === '') continue;
    const lineNo = i + 1;
    const cells = raw.split(',');
    if (cells.length !== header.length) {
      issues.push({ line: lineNo, message: `Expected ${header.length} values, found ${cells.length}.` });
      continue;
    }
    const cell = (field: string) => (cells[columnOf.get(field) ?? -1] ?? '').trim();
    const number = (field: string): number | null => {
      const value = cell(field);
      const parsed = value === '' ? Number.NaN : Number(value);
      if (Number.isFinite(parsed)) return parsed;
      issues.push({
        line: lineNo,
        column: (columnOf.get(field) ?? 0) + 1,
        field,
        message: value === '' ? `${field} is empty.` : `${field} is not a finite number: “${value}”.`,
      });
      return null;
    };

    const unit = cell('unit');
    if (unit === '') {
      issues.push({
        line: lineNo,
        column: (columnOf.get('unit') ?? 0) + 1,
        field: 'unit',
        message: 'unit is empty.',
      });
      continue;
    }
    const cycle = number('cycle');
    const settings = SETTING_FIELDS.map(number);
    const sensors = SENSOR_FIELDS.map(number);
    if (cycle === null || settings.includes(null) || sensors.includes(null)) continue;
    if (!Number.isInteger(cycle) || cycle < 0) {
      issues.push({
        line: lineNo,
        field: 'cycle',
        column: (columnOf.get('cycle') ?? 0) + 1,
        message: 'cycle must be a whole number ≥ 0.',
      });
      continue;
    }

    let engine = engines.get(unit);
    if (!engine) {
      engine = { unit, cycles: [], lines: [] };
      engines.set(unit, engine);
    }
    engine.cycles.push({ cycle, settings: settings as number[], sensors: sensors as number[] });
    engine.lines.push(lineNo);
  }

  if (issues.length > 0) return { ok: false, issues };
  if (engines.size === 0)
    return { ok: false, issues: [{ line: headerIndex + 1, message: 'The CSV has a header but no rows.' }] };
  return { ok: true, engines: [...engines.values()] };
}
