// Pure functions under test (the real AJV validators of the route); nothing faked.
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors/app-error.js';
import { readJsonBulk, readNdjsonBulk } from './bulk-telemetry-input.js';

const reading = (cycle: number) => ({
  cycle,
  settings: [0, 0, 100],
  sensors: Array.from({ length: 21 }, (_, i) => 500 + i),
});
const ndjson = (rows: unknown[]) => rows.map((r) => JSON.stringify(r)).join('\n');

function thrown(fn: () => unknown): AppError {
  try {
    fn();
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('did not throw');
}

describe('readJsonBulk', () => {
  it('keeps good engines and marks only the engine at fault, naming the reading', () => {
    const bad = { ...reading(2), sensors: [1, 2] };
    const engines = readJsonBulk({
      engines: [
        { id: 'A', cycles: [reading(1), reading(2)] },
        { id: 'B', model: 'm', cycles: [reading(1), bad] },
        { id: 'C', cycles: [reading(3), reading(3)] },
      ],
    });
    expect(engines.map((e) => [e.id, e.error?.code])).toEqual([
      ['A', undefined],
      ['B', 'VALIDATION_ERROR'],
      ['C', 'NOT_INCREASING'],
    ]);
    expect(engines[1]?.error).toEqual({
      code: 'VALIDATION_ERROR',
      message: 'body.engines[1].cycles[1].sensors must NOT have fewer than 21 items',
      field: 'body.engines[1].cycles[1].sensors',
      cycle: 2,
    });
    expect(engines[1]?.modelAt).toBe('body.engines[1].model');
    expect(engines[2]?.error).toMatchObject({ field: 'body.engines[2].cycles[1].cycle', cycle: 3 });
    expect(engines[2]?.error?.message).toMatch(
      /^body\.engines\[2\]\.cycles\[1\]\.cycle is 3 but the previous/,
    );
    expect(engines[0]?.fieldAt(1, 'sensors[4]')).toBe('body.engines[0].cycles[1].sensors[4]');
  });

  it('refuses the same engine twice, naming both places', () => {
    const err = thrown(() =>
      readJsonBulk({
        engines: [
          { id: 'A', cycles: [] },
          { id: 'B', cycles: [] },
          { id: 'A', cycles: [] },
        ],
      }),
    );
    expect(err.statusCode).toBe(400);
    expect(err.code).toBe('DUPLICATE_ENGINE');
    expect(err.message).toBe(
      "body.engines[2].id: engine 'A' is also at body.engines[0].id; send each engine once per request",
    );
    expect(err.details?.map((d) => d.path)).toEqual(['body.engines[0].id', 'body.engines[2].id']);
  });
});

describe('readNdjsonBulk', () => {
  it('groups readings per engine in order of first appearance, skipping blank lines', () => {
    const text = `${ndjson([
      { id: 'B', ...reading(1) },
      { id: 'A', model: 'm', ...reading(5) },
    ])}\n\r\n${ndjson([
      { id: 'B', ...reading(2) },
      { id: 'A', ...reading(6) },
    ])}\n`;
    const engines = readNdjsonBulk(text, 10);
    expect(engines.map((e) => [e.id, e.model, e.cycles.map((c) => c.cycle), e.at, e.error])).toEqual([
      ['B', undefined, [1, 2], 'line 1', undefined],
      ['A', 'm', [5, 6], 'line 2', undefined],
    ]);
    expect(engines[1]?.fieldAt(1)).toBe('line 5');
    expect(engines[1]?.modelAt).toBe('line 2');
  });

  it('rejects only the engine of a bad reading, naming its line', () => {
    const engines = readNdjsonBulk(
      ndjson([
        { id: 'A', ...reading(1) },
        { id: 'B', ...reading(1) },
        { id: 'A', ...reading(2), sensors: [1] },
        { id: 'A', ...reading(3) },
        { id: 'B', ...reading(1) },
      ]),
      10,
    );
    expect(engines[0]?.error).toEqual({
      code: 'VALIDATION_ERROR',
      message: 'line 3: sensors must NOT have fewer than 21 items',
      field: 'line 3',
      cycle: 2,
    });
    expect(engines[1]?.error).toMatchObject({ code: 'NOT_INCREASING', field: 'line 5', cycle: 1 });
    expect(engines[1]?.error?.message).toMatch(/^line 5 is 1 but the previous cycle is 1/);
  });

  it('rejects an engine whose lines name two models', () => {
    const [a] = readNdjsonBulk(
      ndjson([
        { id: 'A', model: 'x', ...reading(1) },
        { id: 'A', model: 'y', ...reading(2) },
      ]),
      10,
    );
    expect(a?.error).toMatchObject({ field: 'line 2' });
    expect(a?.error?.message).toBe("line 2: model 'y' differs from 'x' named on line 1 for engine 'A'");
  });

  it.each([
    ['{"id":"A","cycle":1', /^line 2: not valid JSON/, 'MALFORMED_LINE'],
    ['[1,2]', /^line 2: must be a JSON object/, 'MALFORMED_LINE'],
    [JSON.stringify(reading(2)), /^line 2: id must be a string/, 'VALIDATION_ERROR'],
    [
      JSON.stringify({ id: 'A', model: 'bad name', ...reading(2) }),
      /^line 2: model must match/,
      'VALIDATION_ERROR',
    ],
  ])('refuses the request for a line it cannot read (%s)', (line, message, code) => {
    const err = thrown(() => readNdjsonBulk(`${JSON.stringify({ id: 'A', ...reading(1) })}\n${line}`, 10));
    expect(err.statusCode).toBe(400);
    expect(err.code).toBe(code);
    expect(err.message).toMatch(message);
    expect(err.details?.[0]).toMatchObject({ path: 'line 2' });
  });

  it('refuses more engines than a request may hold, and an empty body', () => {
    const err = thrown(() => readNdjsonBulk(ndjson(['A', 'B', 'C'].map((id) => ({ id, ...reading(1) }))), 2));
    expect(err.code).toBe('TOO_MANY_ENGINES');
    expect(err.message).toMatch(/^line 3: engine 'C' is one more than the 2 engines/);
    expect(thrown(() => readNdjsonBulk('\n \n', 2)).code).toBe('EMPTY_BODY');
  });
});
