// Pure unit test: ApiError values are built by hand in the API's documented error shape; no network.
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../lib/api/api-error';
import { locateApiError } from './locate-api-error';
import type { CsvEngine } from './parse-csv';

const engine = (unit: string, lines: number[]): CsvEngine => ({
  unit,
  lines,
  cycles: lines.map((_, i) => ({ cycle: i + 1, settings: [0, 0, 100], sensors: Array(21).fill(1) })),
});

describe('locateApiError', () => {
  it('keeps the line and column the API reports for C-MAPSS text', () => {
    const error = new ApiError({
      statusCode: 400,
      code: 'MALFORMED_LINE',
      message: 'line 3 has 25 columns, expected 26',
      details: [
        { message: 'line 3 has 25 columns, expected 26', line: 3, column: 1, code: 'MALFORMED_LINE' },
      ],
    });
    expect(locateApiError(error, { kind: 'text' })).toEqual([
      { message: 'line 3 has 25 columns, expected 26', line: 3, column: 1 },
    ]);
  });

  it('maps a JSON path back to the CSV line and field', () => {
    const engines = [engine('1', [2, 3]), engine('2', [4, 5, 7])];
    const error = new ApiError({
      statusCode: 400,
      code: 'NOT_INCREASING',
      message: 'cycles must increase',
      details: [
        { path: 'body.engines[1].cycles[2].cycle', message: 'cycle 3 does not increase' },
        { path: 'body.engines[1].cycles[0].sensors[6]', message: 'not finite' },
        { path: 'body.engines[0].cycles[1].sensors', message: 'has 20 values, expected 21' },
        { path: 'body.horizons', message: 'bad horizons' },
      ],
    });
    expect(locateApiError(error, { kind: 'csv', engines })).toEqual([
      { message: 'cycle 3 does not increase', line: 7, field: 'cycle' },
      { message: 'not finite', line: 4, field: 's7' },
      { message: 'has 20 values, expected 21', line: 3, field: 'sensors' },
      { message: 'bad horizons' },
    ]);
  });

  it('falls back to the message when there are no details', () => {
    const error = new ApiError({ statusCode: 413, code: 'PAYLOAD_TOO_LARGE', message: 'too large' });
    expect(locateApiError(error, { kind: 'text' })).toEqual([{ message: 'too large' }]);
  });
});
