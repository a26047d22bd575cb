/**
 * Cost of the out-of-range check every prediction runs (src/plugins/app/model/input-range.ts), per
 * history, on the bundled FD001 (one condition) and FD002 (six conditions) cards, in rounds:
 *
 *   pnpm --filter @rul/api bench:input-range
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { syntheticHistory } from '@rul/cmapss';
import { inputRange } from '../src/plugins/app/model/input-range.js';
import type { ModelCard } from '../src/plugins/app/model/model-card.js';
import { packCycles } from '../src/predict-body/packed-history.js';

const card = (dir: string) =>
  JSON.parse(
    readFileSync(fileURLToPath(new URL(`../../../models/${dir}/model-card.json`, import.meta.url)), 'utf8'),
  ) as ModelCard;

const ROUNDS = 5;
const CALLS = 50_000;
console.log('| card | history (cycles) | ns per history, median of 5 rounds (min..max) |');
console.log('|---|---:|---:|');
for (const dir of ['default', 'cmapss-fd002-tcn-ensemble']) {
  const c = card(dir);
  const range = inputRange(c);
  for (const cycles of [30, 50, 200]) {
    const history = packCycles('bench', syntheticHistory(cycles));
    const rounds: number[] = [];
    let findings = 0;
    for (let r = 0; r < ROUNDS; r++) {
      const start = process.hrtime.bigint();
      for (let i = 0; i < CALLS; i++) findings += range.check(history, c.window).length;
      rounds.push(Number(process.hrtime.bigint() - start) / CALLS);
    }
    rounds.sort((a, b) => a - b);
    const [min, median, max] = [rounds[0], rounds[2], rounds[ROUNDS - 1]].map((v) =>
      (v as number).toFixed(0),
    );
    console.log(`| ${c.name} | ${cycles} | ${median} (${min}..${max})${findings ? ', flagged' : ''} |`);
  }
}
