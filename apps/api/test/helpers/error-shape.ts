/** Assertions shared by app-level tests. */
import { expect } from 'vitest';

export function expectErrorShape(body: unknown, statusCode?: number): void {
  expect(body).toMatchObject({
    statusCode: expect.any(Number),
    code: expect.any(String),
    message: expect.any(String),
  });
  const b = body as { statusCode: number; details?: unknown };
  if (statusCode !== undefined) expect(b.statusCode).toBe(statusCode);
  if (b.details !== undefined) expect(Array.isArray(b.details)).toBe(true);
  expect(
    Object.keys(body as object).every((k) => ['statusCode', 'code', 'message', 'details'].includes(k)),
  ).toBe(true);
}
