// Pure mapping from thrown errors to the one error shape; errors are constructed by hand.
import { describe, expect, it } from 'vitest';
import { AppError } from './app-error.js';
import { pointerToPath, toErrorBody } from './to-error-body.js';

describe('toErrorBody', () => {
  it('turns JSON pointers into readable paths', () => {
    expect(pointerToPath('/cycles/3/sensors', 'body')).toBe('body.cycles[3].sensors');
    expect(pointerToPath('', 'querystring')).toBe('querystring');
  });

  it('keeps AppError fields and headers', () => {
    const e = new AppError(503, 'QUEUE_FULL', 'full', undefined, { 'retry-after': '1' });
    expect(toErrorBody(e)).toEqual({
      body: { statusCode: 503, code: 'QUEUE_FULL', message: 'full' },
      headers: { 'retry-after': '1' },
    });
  });

  it('hides internals of unexpected errors', () => {
    expect(toErrorBody(new Error('secret stack detail')).body).toEqual({
      statusCode: 500,
      code: 'INTERNAL_ERROR',
      message: 'internal server error',
    });
  });

  it('maps Fastify content-type errors', () => {
    const e = Object.assign(new Error('x'), { statusCode: 415, code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE' });
    expect(toErrorBody(e).body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });
});
