// Turns the API's error details into issues at the line and field of what the user pasted. For text
// input the API already reports line/column; for CSV sent as JSON it reports a JSON path, which we map
// back through the row → line table kept by parseCsv.
import type { ApiError } from '../../../lib/api/api-error';
import type { InputIssue } from './input-issue';
import { SENSOR_FIELDS, SETTING_FIELDS, type CsvEngine } from './parse-csv';

export type InputSource = { kind: 'text' } | { kind: 'csv'; engines: CsvEngine[] };

interface Detail {
  message: string;
  path?: string;
  line?: number;
  column?: number;
}

function readDetails(details: unknown): Detail[] {
  if (!Array.isArray(details)) return [];
  return details.flatMap((d): Detail[] => {
    if (typeof d !== 'object' || d === null) return [];
    const r = d as Record<string, unknown>;
    if (typeof r.message !== 'string') return [];
    return [
      {
        message: r.message,
        path: typeof r.path === 'string' ? r.path : undefined,
        line: typeof r.line === 'number' ? r.line : undefined,
        column: typeof r.column === 'number' ? r.column : undefined,
      },
    ];
  });
}

const CYCLE_PATH = /engines\[(\d+)\]\.cycles\[(\d+)\](?:\.(cycle|settings|sensors)(?:\[(\d+)\])?)?/;

function fieldName(group: string | undefined, index: string | undefined): string | undefined {
  if (group === 'cycle') return 'cycle';
  if (group === 'settings') return index === undefined ? 'settings' : SETTING_FIELDS[Number(index)];
  if (group === 'sensors') return index === undefined ? 'sensors' : SENSOR_FIELDS[Number(index)];
  return undefined;
}

function locateCsv(detail: Detail, engines: CsvEngine[]): InputIssue {
  const match = detail.path ? CYCLE_PATH.exec(detail.path) : null;
  if (!match) return { message: detail.message };
  const engine = engines[Number(match[1])];
  const line = engine?.lines[Number(match[2])];
  const field = fieldName(match[3], match[4]);
  const issue: InputIssue = { message: detail.message };
  if (line !== undefined) issue.line = line;
  if (field !== undefined) issue.field = field;
  return issue;
}

export function locateApiError(error: ApiError, source: InputSource): InputIssue[] {
  const details = readDetails(error.details);
  if (details.length === 0) return [{ message: error.message }];
  return details.map((detail) => {
    if (source.kind === 'csv') return locateCsv(detail, source.engines);
    const issue: InputIssue = { message: detail.message };
    if (detail.line !== undefined) issue.line = detail.line;
    if (detail.column !== undefined) issue.column = detail.column;
    return issue;
  });
}
