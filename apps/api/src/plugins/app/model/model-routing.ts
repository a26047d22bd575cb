/**
 * Which served model judges a history.
 *
 * - A history (or its request) that names a model gets that model; a name no model serves is a 422
 *   naming the field and the models served.
 * - Otherwise every serving model checks the history against its card (input-range.ts). Of those it
 *   fits (no finding), the tightest fit wins: the model that leaves fewest of its training operating
 *   conditions unused by the history, so a one-condition history goes to a one-condition model and a
 *   six-condition history to a six-condition one. Equals are decided by the catalog's preference
 *   order (MODEL_PREFERENCE, then the default model).
 * - When no model fits, the default model answers, with its findings as warnings (and an interval of
 *   0..maxRul): the history is outside everything this server knows.
 */
import { AppError, unavailable } from '../../../errors/app-error.js';
import type { PackedHistory } from '../../../predict-body/packed-history.js';
import { inputRangeOf as rangeOf, type RangeFinding } from './input-range.js';
import type { ModelCatalog, ServedModel } from './model-catalog.js';

export interface Route extends ServedModel {
  /** The chosen model's out-of-range findings for this history (empty when it fits). */
  findings: RangeFinding[];
}

export interface ModelRouter {
  /**
   * One route per history, in order. `model` applies to histories that name none; `modelPath` names
   * the request's model field in errors (`undefined`) or history i's.
   */
  route(
    histories: readonly PackedHistory[],
    model: string | undefined,
    modelPath: (i?: number) => string,
  ): Route[];
}

/** 422 for a model name no model serves, naming the request field and the models served. */
export function unknownModel(name: string, field: string, served: readonly ServedModel[]): AppError {
  const names = served.map((m) => m.card.name).join(', ') || 'none';
  const message = `${field}: no model named '${name}' is served (served: ${names})`;
  return new AppError(422, 'UNKNOWN_MODEL', message, [{ path: field, message }]);
}

export function modelRouter(catalog: ModelCatalog): ModelRouter {
  function named(name: string, field: string, served: readonly ServedModel[]): ServedModel {
    const found = served.find((m) => m.card.name === name);
    if (found) return found;
    const slot = catalog.get(name);
    if (slot) {
      throw unavailable('MODEL_NOT_READY', `model '${name}' is not ready (${slot.error ?? slot.state})`, 5);
    }
    throw unknownModel(name, field, served);
  }

  function best(history: PackedHistory, served: readonly ServedModel[]): Route {
    let chosen: ServedModel | undefined;
    let chosenSlack = Infinity;
    for (const m of served) {
      const range = rangeOf(m.card);
      if (!range.fits(history, m.card.window)) continue;
      const slack = range.conditions - range.conditionsUsed(history, m.card.window);
      if (slack < chosenSlack) [chosen, chosenSlack] = [m, slack];
      if (slack === 0) break; // served is in preference order: nothing later can beat it
    }
    if (chosen) return { ...chosen, findings: [] };
    // No model fits: the default one answers (or, while it is not serving, the most preferred one
    // that is), with its findings.
    const fallback = served.find((m) => m.service === catalog.default) ?? (served[0] as ServedModel);
    return { ...fallback, findings: rangeOf(fallback.card).check(history, fallback.card.window) };
  }

  return {
    route(histories, model, modelPath) {
      const served = catalog.served();
      if (served.length === 0) {
        const d = catalog.default;
        throw unavailable('MODEL_NOT_READY', `model is not ready (${d.error ?? d.state})`, 5);
      }
      const byName = new Map<string, ServedModel>();
      const lookup = (name: string, field: string) => {
        let m = byName.get(name);
        if (!m) byName.set(name, (m = named(name, field, served)));
        return m;
      };
      const forRequest = model === undefined ? undefined : lookup(model, modelPath());
      return histories.map((history, i) => {
        const m = history.model !== undefined ? lookup(history.model, modelPath(i)) : forRequest;
        if (!m) return best(history, served);
        return { ...m, findings: rangeOf(m.card).check(history, m.card.window) };
      });
    },
  };
}
