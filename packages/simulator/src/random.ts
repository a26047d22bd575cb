import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

/** A seeded source of uniform and normal draws; the same seed always gives the same fleet. */
export class Random {
  private readonly rng;
  private spare: number | undefined;

  constructor(seed: number) {
    this.rng = xoroshiro128plus(seed);
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
}
