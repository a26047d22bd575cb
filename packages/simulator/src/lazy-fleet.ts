import type { Cycle } from './degradation.js';
import { DRAWS_PER_CYCLE, drawEngineParameters, engineCycles } from './degradation.js';
import { Random } from './random.js';

/** An engine whose readings are drawn when iterated, each iteration from cycle 1 again. */
export interface LazyEngine {
  unit: string;
  life: number;
  cycles: Iterable<Cycle>;
}

export interface LazyFleetOptions {
  engines: number;
  seed: number;
  unitName?: (index: number) => string;
}

/**
 * The run-to-failure fleet generateFleet returns for the same options, reading for reading, without
 * holding it: 10,000 engines are ~2 million readings (~800 MB as objects), while this keeps one
 * generator state and the life per engine. Each engine's starting state is found by walking the
 * shared generator past the previous engines' draws; its readings are drawn again on every iteration,
 * so a verification pass can compare what was stored against the same values.
 */
export function lazyFleet(options: LazyFleetOptions): LazyEngine[] {
  const rng = new Random(options.seed);
  const name = options.unitName ?? ((i: number) => String(i + 1));
  const fleet: LazyEngine[] = [];
  for (let i = 0; i < options.engines; i++) {
    const start = rng.clone();
    const { life } = drawEngineParameters(rng);
    rng.skipNormals(life * DRAWS_PER_CYCLE);
    fleet.push({
      unit: name(i),
      life,
      cycles: {
        [Symbol.iterator]: () => {
          const own = start.clone();
          return engineCycles(own, drawEngineParameters(own));
        },
      },
    });
  }
  return fleet;
}
