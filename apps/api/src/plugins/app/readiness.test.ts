// Real readiness registry with hand-written checks.
import { describe, expect, it } from 'vitest';
import { createReadiness } from './readiness.js';

describe('readiness registry', () => {
  it('is ready only when every check passes and not draining', async () => {
    const r = createReadiness();
    let ok = false;
    r.register('model', () => ({ ok, detail: 'loading' }));
    r.register('db', async () => ({ ok: true }));
    expect((await r.evaluate()).ready).toBe(false);
    ok = true;
    expect((await r.evaluate()).ready).toBe(true);
    r.startDraining();
    const report = await r.evaluate();
    expect(report.ready).toBe(false);
    expect(report.checks.find((c) => c.name === 'shutdown')?.ok).toBe(false);
  });

  it('turns a throwing check into a failing one and refuses duplicates', async () => {
    const r = createReadiness();
    r.register('redis', () => {
      throw new Error('ECONNREFUSED');
    });
    expect(await r.evaluate()).toMatchObject({
      ready: false,
      checks: [{ name: 'redis', detail: 'ECONNREFUSED' }],
    });
    expect(() => r.register('redis', () => ({ ok: true }))).toThrow(/already registered/);
  });
});
