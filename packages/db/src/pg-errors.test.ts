// Real: the error classification only. Faked: driver errors, built by hand with their real codes and messages.
import { describe, expect, it } from 'vitest';
import { DatabaseUnavailableError } from './errors.js';
import { isUnavailable, mapPgError } from './pg-errors.js';

const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('pg error mapping', () => {
  it.each([
    withCode('ECONNREFUSED'),
    withCode('57P01', 'terminating connection due to administrator command'),
    withCode('08006'),
    new Error('Connection terminated unexpectedly'),
    new Error('timeout exceeded when trying to connect'),
    new AggregateError([withCode('ECONNREFUSED')]),
  ])('treats %s as unavailable', (err) => {
    expect(isUnavailable(err)).toBe(true);
    expect(mapPgError(err)).toBeInstanceOf(DatabaseUnavailableError);
  });

  it.each([withCode('23505', 'duplicate key'), withCode('42P01'), new Error('syntax error')])(
    'passes SQL errors through: %s',
    (err) => {
      expect(mapPgError(err)).toBe(err);
    },
  );
});
