// Routing between the real bundled cards (FD001..FD004) with real training-fleet windows (the cards'
// golden inputs). Faked: the model services, which routing only compares and never runs.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Cycle } from '@rul/cmapss';
import { describe, expect, it } from 'vitest';
import { packCycles, type PackedHistory } from '../../../predict-body/packed-history.js';
import type { ModelCard } from './model-card.js';
import type { ModelCatalog, ServedModel } from './model-catalog.js';
import type { ModelService } from './model-service.js';
import { modelRouter } from './model-routing.js';

const repo = (path: string) => fileURLToPath(new URL(`../../../../../../${path}`, import.meta.url));
const readCard = (dir: string) =>
  JSON.parse(readFileSync(repo(`${dir}/model-card.json`), 'utf8')) as ModelCard;
const CARDS = {
  FD001: readCard('models/default'),
  FD002: readCard('models/cmapss-fd002-tcn-ensemble'),
  FD003: readCard('models/cmapss-fd003-tcn-ensemble'),
  FD004: readCard('models/cmapss-fd004-tcn-ensemble'),
};
type Subset = keyof typeof CARDS;
const nameOf = (s: Subset) => CARDS[s].name;

/** A catalog serving `subsets` in this preference order; the first one is the default. */
function catalog(subsets: Subset[], notReady: Subset[] = []): ModelCatalog {
  const served: ServedModel[] = subsets.map((s) => ({
    service: { state: 'ready', card: CARDS[s] } as unknown as ModelService,
    card: CARDS[s],
  }));
  const slots = new Map(served.map((m) => [m.card.name, m.service]));
  for (const s of notReady) {
    slots.set(nameOf(s), { state: 'loading', error: undefined } as unknown as ModelService);
  }
  return {
    default: served[0]?.service,
    served: () => served,
    get: (name: string) => slots.get(name),
  } as unknown as ModelCatalog;
}

const golden = (s: Subset, i = 0): PackedHistory => {
  const g = CARDS[s].golden[i] as { input: number[][] };
  const cycles: Cycle[] = g.input.map((row, c) => ({
    cycle: c + 1,
    settings: row.slice(0, 3),
    sensors: row.slice(3),
  }));
  return packCycles(`${s}-${i}`, cycles);
};
const modelPath = (i?: number) => (i === undefined ? 'body.model' : `body.engines[${i}].model`);
const route = (cat: ModelCatalog, histories: PackedHistory[], model?: string) =>
  modelRouter(cat).route(histories, model, modelPath);
const ALL: Subset[] = ['FD001', 'FD002', 'FD003', 'FD004'];

describe('model routing by operating conditions', () => {
  it('sends one-condition histories to a one-condition model and six-condition ones to a six-condition model', () => {
    const routes = route(catalog(ALL), [golden('FD001'), golden('FD002'), golden('FD003'), golden('FD004')]);
    expect(routes.map((r) => r.card.name)).toEqual([
      nameOf('FD001'),
      nameOf('FD002'),
      // FD003 histories fit FD001 and FD003 equally (one condition each): the preferred one wins.
      nameOf('FD001'),
      nameOf('FD002'),
    ]);
    for (const r of routes) expect(r.findings).toEqual([]);
  });

  it('decides equals by the preference order', () => {
    const routes = route(catalog(['FD003', 'FD004', 'FD001', 'FD002']), [golden('FD001'), golden('FD002')]);
    expect(routes.map((r) => r.card.name)).toEqual([nameOf('FD003'), nameOf('FD004')]);
  });

  it('never sends a six-condition history to a one-condition model while a six-condition one serves', () => {
    for (const i of [0, 1, 2]) {
      const [r] = route(catalog(['FD001', 'FD003', 'FD004']), [golden('FD002', i)]);
      expect(r?.card.name).toBe(nameOf('FD004'));
      expect(r?.findings).toEqual([]);
    }
  });

  it('answers with the default model and its findings when no model knows the history', () => {
    const [r] = route(catalog(['FD001', 'FD003']), [golden('FD002')]);
    expect(r?.card.name).toBe(nameOf('FD001'));
    expect(r?.findings.map((f) => f.code)).toContain('SETTINGS_OUT_OF_RANGE');
  });
});

describe('model routing by name', () => {
  it('uses the named model, even for a history it does not know, and says so', () => {
    const [r] = route(catalog(ALL), [golden('FD002')], nameOf('FD001'));
    expect(r?.card.name).toBe(nameOf('FD001'));
    expect(r?.findings.map((f) => f.code)).toContain('SETTINGS_OUT_OF_RANGE');
  });

  it("lets an engine's own name override the request's", () => {
    const named = { ...golden('FD001'), model: nameOf('FD003') };
    const routes = route(catalog(ALL), [golden('FD001'), named], nameOf('FD001'));
    expect(routes.map((r) => r.card.name)).toEqual([nameOf('FD001'), nameOf('FD003')]);
  });

  it('refuses a name no model serves with a 422 naming the field and the models served', () => {
    const named = { ...golden('FD001'), model: 'no-such-model' };
    expect(() => route(catalog(['FD001', 'FD002']), [golden('FD001'), named])).toThrowError(
      expect.objectContaining({
        statusCode: 422,
        code: 'UNKNOWN_MODEL',
        message: `body.engines[1].model: no model named 'no-such-model' is served (served: ${nameOf('FD001')}, ${nameOf('FD002')})`,
      }),
    );
  });

  it('answers 503 for a name that is still loading', () => {
    expect(() => route(catalog(['FD001'], ['FD002']), [golden('FD001')], nameOf('FD002'))).toThrowError(
      expect.objectContaining({ statusCode: 503, code: 'MODEL_NOT_READY' }),
    );
  });
});
