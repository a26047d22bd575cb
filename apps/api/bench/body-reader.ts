/**
 * `pnpm --filter @rul/api bench:reader`: the JSON body reader alone, in this process, on the bodies of
 * the API bench scenarios, with the compiled (WebAssembly) history reader and with the JavaScript
 * reader only, alternating in rounds (A then B, then B then A) so that a shared box's drift falls on
 * both. Per measurement: the median and the fastest of READS reads of the same body. Environment:
 * BENCH_ROUNDS (default 6), BENCH_READS (reads per measurement, default 60).
 */
import { PredictBodyReader } from '../src/predict-body/read-predict-body.js';
import { allScenarios } from './api-bench.js';
import { load, machine } from './report.js';

const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 6);
const READS = Number(process.env['BENCH_READS'] ?? 60);

const readers = {
  compiled: new PredictBodyReader(),
  javascript: new PredictBodyReader({ compiled: false }),
};
type Variant = keyof typeof readers;

const bodies = allScenarios.map((s) => ({
  name: s.name,
  bytes: Buffer.from(s.body),
  kind: s.path === '/predict' ? ('predict' as const) : ('batch' as const),
}));

function readOnce(variant: Variant, body: (typeof bodies)[number]): void {
  const reader = readers[variant];
  const packed = body.kind === 'batch' ? reader.batch(body.bytes) : reader.predict(body.bytes);
  if (!packed) throw new Error(`${variant} reader declined the ${body.name} body`);
}

/** Median and fastest ms per read over READS reads. */
function measure(variant: Variant, body: (typeof bodies)[number]): { median: number; fastest: number } {
  const times: number[] = [];
  for (let i = 0; i < READS; i++) {
    const start = performance.now();
    readOnce(variant, body);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { median: times[READS >> 1] as number, fastest: times[0] as number };
}

for (const body of bodies) {
  const a = readers.compiled[body.kind](body.bytes);
  const b = readers.javascript[body.kind](body.bytes);
  if (
    JSON.stringify(a?.engines.map((e) => [...e.readings])) !==
    JSON.stringify(b?.engines.map((e) => [...e.readings]))
  ) {
    throw new Error(`the two readers disagree on the ${body.name} body`);
  }
  for (let i = 0; i < READS; i++) for (const v of Object.keys(readers) as Variant[]) readOnce(v, body);
}

console.log(`bench:reader: ${ROUNDS} rounds × ${READS} reads, ${machine()}, load ${load()}`);
console.log(
  `\n| round | order | scenario body | compiled ms (median / fastest) | JavaScript ms (median / fastest) | JavaScript / compiled (median) |`,
);
console.log('|---:|---|---|---:|---:|---:|');
for (let round = 1; round <= ROUNDS; round++) {
  const order: Variant[] = round % 2 ? ['compiled', 'javascript'] : ['javascript', 'compiled'];
  for (const body of bodies) {
    const result = {} as Record<Variant, { median: number; fastest: number }>;
    for (const v of order) result[v] = measure(v, body);
    const { compiled: c, javascript: j } = result;
    console.log(
      `| ${round} | ${order.map((v) => (v === 'compiled' ? 'C' : 'J')).join('')} | ${body.name} | ${c.median.toFixed(2)} / ${c.fastest.toFixed(2)} | ${j.median.toFixed(2)} / ${j.fastest.toFixed(2)} | ${(j.median / c.median).toFixed(2)} |`,
    );
  }
}
console.log(`\nload after: ${load()}`);
