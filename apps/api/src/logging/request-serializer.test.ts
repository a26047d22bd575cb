// Real: the URL redaction. Faked: nothing.
import { describe, expect, it } from 'vitest';
import { redactUrl } from './request-serializer.js';

describe('redactUrl', () => {
  it('hides every ticket value, wherever it sits in the query', () => {
    expect(redactUrl('/events?ticket=abc_DEF-123')).toBe('/events?ticket=[redacted]');
    expect(redactUrl('/events?types=model&ticket=abc&x=1')).toBe('/events?types=model&ticket=[redacted]&x=1');
    expect(redactUrl('/events?TICKET=a&ticket=b')).toBe('/events?TICKET=[redacted]&ticket=[redacted]');
  });

  it('leaves other URLs alone', () => {
    expect(redactUrl('/events?types=model')).toBe('/events?types=model');
    expect(redactUrl('/engines/ticket=1')).toBe('/engines/ticket=1');
    expect(redactUrl('/events?noticket=1')).toBe('/events?noticket=1');
  });
});
