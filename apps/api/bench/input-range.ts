/**
 * Cost of the out-of-range check every prediction runs (src/plugins/app/model/input-range.ts), per
 * history, on the bundled FD001 (one condition) and FD002 (six conditions) cards, and of choosing
 * among the four bundled models by the conditions a history fits (model-routing.ts), in rounds:
 *
 *   pnpm --filter @rul/api bench:input-range
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { syntheticHistory } from '@rul/cmapss';
import { inputRange } from '../src/plugins/app/model/input-range.js';
import type { ModelCard } from '../src/plugins/app/model/model-card.js';
import type { ModelCatalog, ServedModel } from '../src/plugins/app/model/model-catalog.js';
import type { ModelService } from '../src/plugins/app/model/model-service.js';
import { modelRouter } from '../src/plugins/app/model/model-routing.js';
import { packCycles } from '../src/predict-body/packed-history.js';

const card = (dir: string) =>
  JSON.parse(
    readFileSync(fileURLToPath(new URL(`../../../models/${dir}/model-card.json`, import.meta.url)), 'utf8'),
  ) as ModelCard;

const ROUNDS = 5;
const CALLS = 50_000;

/** Median (min..max) ns per call of `fn` over ROUNDS rounds of CALLS calls. */
function measure(fn: () => number): { text: string; hits: number } {
  const rounds: number[] = [];
  let hits = 0;
  for (let r = 0; r < ROUNDS; r++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < CALLS; i++) hits += fn();
    rounds.push(Number(process.hrtime.bigint() - start) / CALLS);
  }
  rounds.sort((a, b) => a - b);
  const [min, median, max] = [rounds[0], rounds[2], rounds[ROUNDS - 1]].map((v) => (v as number).toFixed(0));
  return { text: `${median} (${min}..${max})`, hits };
}

console.log('| card | history (cycles) | ns per history, median of 5 rounds (min..max) |');
console.log('|---|---:|---:|');
for (const dir of ['default', 'cmapss-fd002-tcn-ensemble']) {
  const c = card(dir);
  const range = inputRange(c);
  for (const cycles of [30, 50, 200]) {
    const history = packCycles('bench', syntheticHistory(cycles));
    const { text, hits } = measure(() => range.check(history, c.window).length);
    console.log(`| ${c.name} | ${cycles} | ${text}${hits ? ', flagged' : ''} |`);
  }
}

// Routing: every served model checks the history; the serving objects are never run here.
const cards = [
  'default',
  'cmapss-fd002-tcn-ensemble',
  'cmapss-fd003-tcn-ensemble',
  'cmapss-fd004-tcn-ensemble',
].map(card);
const served: ServedModel[] = cards.map((c) => ({
  service: { state: 'ready' } as unknown as ModelService,
  card: c,
}));
const catalog = {
  default: served[0]?.service,
  served: () => served,
  get: () => undefined,
} as unknown as ModelCatalog;
const router = modelRouter(catalog);
const fd002 = cards[1] as ModelCard;
const sixConditions = packCycles(
  'six',
  (fd002.golden[0]?.input ?? []).map((row, i) => ({
    cycle: i + 1,
    settings: row.slice(0, 3),
    sensors: row.slice(3),
  })),
);
console.log(
  '\n| routing among the 4 bundled models | history (cycles) | chosen | ns per history, median of 5 rounds (min..max) |',
);
console.log('|---|---:|---|---:|');
for (const [label, history] of [
  ['one condition (synthetic)', packCycles('one', syntheticHistory(50))],
  ['one condition (synthetic)', packCycles('one', syntheticHistory(200))],
  ['six conditions (FD002 golden window)', sixConditions],
] as const) {
  const chosen = router.route([history], undefined, () => 'model')[0]?.card.name;
  const { text } = measure(() => router.route([history], undefined, () => 'model').length);
  console.log(`| ${label} | ${history.count} | ${chosen} | ${text} |`);
}
