// Writes a small multi-engine file in NASA's C-MAPSS text layout (26 space-separated columns per row),
// so the browser test needs no data from outside the repository.

const BASELINE = [
  518.67, 642.5, 1590, 1408, 14.62, 21.61, 553.4, 2388.1, 9065, 1.3, 47.5, 521.4, 2388.1, 8140, 8.44, 0.03,
  392, 2388, 100, 38.8, 23.3,
];
/** Per-cycle drift near end of life, in sensor units (temperatures rise, pressure ratios fall). */
const WEAR = [
  0, 0.006, 0.05, 0.09, 0, 0, -0.006, 0.0008, 0.06, 0, 0.003, -0.005, 0.0008, 0.05, 0.0003, 0, 0.02, 0, 0,
  -0.002, -0.0012,
];

export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

export interface GeneratedEngine {
  unit: number;
  cycles: number;
}

export function cmapssText(engines: GeneratedEngine[], seed = 7): string {
  const next = random(seed);
  const lines: string[] = [];
  for (const { unit, cycles } of engines) {
    for (let cycle = 1; cycle <= cycles; cycle++) {
      const wear = Math.exp(Math.max(0, cycle - 60) / 45) - 1;
      const settings = [(next() - 0.5) * 0.004, (next() - 0.5) * 0.0006, 100];
      const sensors = BASELINE.map(
        (base, i) => base + (WEAR[i] ?? 0) * wear * 10 + (next() - 0.5) * base * 0.0004,
      );
      lines.push([unit, cycle, ...settings, ...sensors].map((v) => Number(v.toFixed(4))).join(' ') + '  ');
    }
  }
  return lines.join('\n') + '\n';
}

/** One generated engine as the JSON cycles of POST /engines/{id}/telemetry. */
export function cmapssCycles(engine: GeneratedEngine, seed = 7) {
  return cmapssText([engine], seed)
    .trim()
    .split('\n')
    .map((line) => {
      const values = line.trim().split(/\s+/).map(Number);
      return { cycle: values[1] ?? 0, settings: values.slice(2, 5), sensors: values.slice(5) };
    });
}
