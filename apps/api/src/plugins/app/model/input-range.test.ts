// The range check against the real bundled cards and, where ../shared holds it, the real C-MAPSS
// training files: each fleet's own engines pass its model, another kind of fleet does not.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseCmapssText, syntheticFleet, type Cycle } from '@rul/cmapss';
import { UNJUDGED_WARNINGS } from '@rul/db';
import { describe, expect, it } from 'vitest';
import { packCycles } from '../../../predict-body/packed-history.js';
import { OUT_OF_RANGE_CODES } from '../predictor.js';
import { inputRange } from './input-range.js';
import type { ModelCard } from './model-card.js';

const repo = (path: string) => fileURLToPath(new URL(`../../../../../../${path}`, import.meta.url));
const readCard = (dir: string) =>
  JSON.parse(readFileSync(repo(`${dir}/model-card.json`), 'utf8')) as ModelCard;
const FD001 = readCard('models/default');
const FD002 = readCard('models/cmapss-fd002-tcn-ensemble');
const FIXTURE = readCard('apps/api/test/fixtures/model');

/** The card's golden windows as cycles: real training-fleet histories. */
const goldenHistories = (card: ModelCard): Cycle[][] =>
  card.golden.map((g) =>
    g.input.map((row, i) => ({ cycle: i + 1, settings: row.slice(0, 3), sensors: row.slice(3) })),
  );
const withSettings = (cycles: Cycle[], settings: number[]): Cycle[] =>
  cycles.map((c) => ({ ...c, settings }));

describe('out-of-range codes', () => {
  it('are the codes the fleet stores as "could not judge" (status unknown)', () => {
    expect([...OUT_OF_RANGE_CODES].sort()).toEqual([...UNJUDGED_WARNINGS].sort());
  });
});

describe('inputRange', () => {
  it('passes every golden history of each real model against its own card', () => {
    for (const card of [FD001, FD002]) {
      const range = inputRange(card);
      expect(range.judged).toBe(true);
      for (const h of goldenHistories(card)) expect(range.check(packCycles('g', h), card.window)).toEqual([]);
    }
  });

  it('names the settings of a six-condition history sent to the one-condition model', () => {
    // FD001 readings flown at 35,000 ft, Mach 0.84: one of FD002's six conditions.
    const history = withSettings(goldenHistories(FD001)[0] as Cycle[], [35.0019, 0.8404, 100]);
    const [settings] = inputRange(FD001).check(packCycles('x', history), FD001.window);
    expect(settings).toMatchObject({
      code: 'SETTINGS_OUT_OF_RANGE',
      channels: ['setting1', 'setting2'],
      cycles: FD001.window,
    });
    expect(settings?.message).toMatch(/setting1 35\.0019 \(trained -0\.008\d*\.\.0\.008\d*\)/);
    // The six-condition model knows that condition.
    const fd002 = goldenHistories(FD002)[0] as Cycle[];
    expect(inputRange(FD002).check(packCycles('y', fd002), FD002.window)).toEqual([]);
  });

  it('flags all-zero sensors, naming every sensor the model reads', () => {
    const zeros = (goldenHistories(FD001)[0] as Cycle[]).map((c) => ({
      ...c,
      sensors: c.sensors.map(() => 0),
    }));
    const findings = inputRange(FD001).check(packCycles('z', zeros), FD001.window);
    expect(findings.map((f) => f.code)).toEqual(['READINGS_OUT_OF_RANGE']);
    const selected = (FD001['preprocessing'] as { selectedChannels: string[] }).selectedChannels;
    expect(findings[0]?.channels).toEqual(expect.arrayContaining(selected));
  });

  it('reads only the cycles the model reads', () => {
    const history = goldenHistories(FD001)[0] as Cycle[];
    const broken = [{ ...(history[0] as Cycle), sensors: history[0]!.sensors.map(() => 0) }, ...history];
    // 51 cycles: the broken first one falls outside the 50-cycle window.
    expect(inputRange(FD001).check(packCycles('b', broken), FD001.window)).toEqual([]);
    expect(inputRange(FD001).check(packCycles('b', broken.slice(0, 20)), FD001.window)).toHaveLength(1);
  });

  it('fits exactly the histories check finds nothing in', () => {
    const cards = [FD001, FD002, FIXTURE];
    const histories = [
      ...cards.flatMap((c) => goldenHistories(c)),
      withSettings(goldenHistories(FD001)[0] as Cycle[], [35.0019, 0.8404, 100]),
      (goldenHistories(FD001)[0] as Cycle[]).map((c) => ({ ...c, sensors: c.sensors.map(() => 0) })),
      ...syntheticFleet(10, 7, 200).map((u) => u.cycles),
    ].map((h, i) => packCycles(`h${i}`, h));
    let misfits = 0;
    for (const card of cards) {
      const range = inputRange(card);
      for (const h of histories) {
        const fits = range.check(h, card.window).length === 0;
        expect(range.fits(h, card.window)).toBe(fits);
        if (!fits) misfits++;
      }
    }
    expect(misfits).toBeGreaterThan(5);
  });

  it('does not judge a card without training statistics', () => {
    const bare = { ...FD001, trainingStats: undefined, preprocessing: undefined } as unknown as ModelCard;
    const range = inputRange(bare);
    expect(range.judged).toBe(false);
    expect(range.check(packCycles('n', goldenHistories(FD001)[0] as Cycle[]), 50)).toEqual([]);
  });

  it('passes the generated test fleet against the fixture card the API tests use', () => {
    const range = inputRange(FIXTURE);
    for (const unit of syntheticFleet(40, 5, 250)) {
      expect(range.check(packCycles(unit.unit, unit.cycles), FIXTURE.window), unit.unit).toEqual([]);
    }
  });
});

const dataDir = repo('../shared/data/cmapss');
const SUBSETS = ['FD001', 'FD002', 'FD003', 'FD004'] as const;
const hasData = SUBSETS.every((s) => existsSync(`${dataDir}/train_${s}.txt`));
if (!hasData) console.warn(`input-range real-data check SKIPPED: ${dataDir}/train_FD00x.txt missing`);

describe.skipIf(!hasData)('inputRange on the real training files', () => {
  const cards: Record<(typeof SUBSETS)[number], ModelCard> = {
    FD001,
    FD002,
    FD003: readCard('models/cmapss-fd003-tcn-ensemble'),
    FD004: readCard('models/cmapss-fd004-tcn-ensemble'),
  };
  const engines = (subset: string) => {
    const parsed = parseCmapssText(readFileSync(`${dataDir}/train_${subset}.txt`, 'utf8'));
    if (!parsed.ok) throw new Error(`train_${subset}.txt did not parse`);
    // Cut each engine at several points, like test histories, including 19-cycle ones and the
    // whole run to failure.
    return parsed.value.flatMap((u) =>
      [19, 60, 0.5, 1].map((cut) => {
        const n = cut <= 1 ? Math.round(u.cycles.length * cut) : cut;
        return packCycles(u.unit, u.cycles.slice(0, n));
      }),
    );
  };
  const histories = Object.fromEntries(SUBSETS.map((s) => [s, engines(s)]));
  const flagged = (model: (typeof SUBSETS)[number], subset: (typeof SUBSETS)[number]) => {
    const card = cards[model];
    const range = inputRange(card);
    const all = histories[subset] ?? [];
    return all.filter((h) => range.check(h, card.window).length > 0).length / all.length;
  };

  it('accepts every history of the fleet a model was trained on', () => {
    for (const subset of SUBSETS) expect(flagged(subset, subset), subset).toBe(0);
  });

  it('flags six-condition fleets sent to one-condition models', () => {
    // Five of the six conditions are not the sea-level one of FD001/FD003.
    for (const model of ['FD001', 'FD003'] as const) {
      for (const subset of ['FD002', 'FD004'] as const) {
        expect(flagged(model, subset), `${subset} on ${model}`).toBeGreaterThan(0.75);
      }
    }
  });
});
