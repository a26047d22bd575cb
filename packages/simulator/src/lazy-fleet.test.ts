// Real generator on both sides: the lazily drawn fleet against the one generateFleet builds; nothing faked.
import { describe, expect, it } from 'vitest';
import { generateFleet } from './degradation.js';
import { lazyFleet } from './lazy-fleet.js';

describe('lazyFleet', () => {
  it.each([1, 7, 42])('draws exactly the readings generateFleet draws (seed %i)', (seed) => {
    const unitName = (i: number) => `SIM-${i}`;
    const eager = generateFleet({ engines: 12, seed, unitName });
    const lazy = lazyFleet({ engines: 12, seed, unitName });
    expect(lazy.map((e) => e.unit)).toEqual(eager.map((e) => e.unit));
    expect(lazy.map((e) => e.life)).toEqual(eager.map((e) => e.life));
    lazy.forEach((engine, i) => expect([...engine.cycles]).toEqual(eager[i]!.cycles));
  });

  it('gives the same readings on every iteration, in any engine order', () => {
    const [a, b] = lazyFleet({ engines: 2, seed: 3 });
    const second = [...b!.cycles];
    const first = [...a!.cycles];
    expect([...a!.cycles]).toEqual(first);
    expect([...b!.cycles]).toEqual(second);
    expect(first).not.toEqual(second.slice(0, first.length));
  });

  it('sets up 10,000 engines in seconds without drawing their readings', () => {
    const started = performance.now();
    const before = process.memoryUsage().heapUsed;
    const fleet = lazyFleet({ engines: 10_000, seed: 1 });
    const grown = process.memoryUsage().heapUsed - before;
    expect(fleet).toHaveLength(10_000);
    expect(performance.now() - started).toBeLessThan(10_000);
    // generateFleet holds ~800 MB for this fleet; the lazy one a few kB per engine at most.
    expect(grown).toBeLessThan(100 * 2 ** 20);
  });
});
