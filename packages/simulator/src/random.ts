import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

/** A seeded source of uniform and normal draws; the same seed always gives the same fleet. */
export class Random {
  private rng: RandomGenerator;
  private spare: number | undefined;

  constructor(seed: number) {
    this.rng = xoroshiro128plus(seed);
  }

  /** An independent copy that will draw exactly what this one draws next. */
  clone(): Random {
    const copy = new Random(0);
    copy.rng = this.rng.clone();
    copy.spare = this.spare;
    return copy;
  }

  uniform(low = 0, high = 1): number {
    return low + (high - low) * uniformFloat64(this.rng);
  }

  /** Box–Muller; the second variate of each pair is kept for the next call. */
  normal(mean = 0, sd = 1): number {
    if (this.spare !== undefined) {
      const z = this.spare;
      this.spare = undefined;
      return mean + sd * z;
    }
    let u = 0;
    while (u === 0) u = this.uniform();
    const v = this.uniform();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    return mean + sd * r * Math.cos(2 * Math.PI * v);
  }

  /**
   * Leaves this source exactly where `count` calls of normal() would, without the logarithms and
   * trigonometry of the pairs it skips whole: a lazily generated fleet walks past each engine's
   * readings this way to find where the next engine's draws start.
   */
  skipNormals(count: number): void {
    let left = count;
    if (left > 0 && this.spare !== undefined) {
      this.spare = undefined;
      left--;
    }
    for (let pair = Math.floor(left / 2); pair > 0; pair--) {
      while (uniformFloat64(this.rng) === 0);
      uniformFloat64(this.rng);
    }
    // An odd count ends inside a pair: draw it properly so its second variate is kept.
    if (left % 2 === 1) this.normal();
  }
}
