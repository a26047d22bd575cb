/**
 * Every model this replica serves, by name: the default model (MODEL_DIR), the other bundled models
 * (EXTRA_MODEL_DIRS), and any name the registry activates. Each name is a ModelService of its own
 * (own worker pool, micro-batcher and hot swap), so activating one name never touches another.
 */
import type { ModelCard } from './model-card.js';
import { ModelService, type ModelServiceOptions } from './model-service.js';

export interface ModelCatalogOptions extends Omit<ModelServiceOptions, 'modelDir' | 'log' | 'onReady'> {
  /** The default model's folder: its card's name answers when no name is given and nothing fits better. */
  modelDir: string;
  extraModelDirs: readonly string[];
  /** Names preferred, in order, among models that fit a history equally well. */
  preference: readonly string[];
  log: ModelServiceOptions['log'];
}

/** A served model together with the card it serves now (read once, so a swap mid-request can't mix versions). */
export interface ServedModel {
  service: ModelService;
  card: ModelCard;
}

export class ModelCatalog {
  /** The slot loaded from MODEL_DIR. */
  readonly default: ModelService;
  private readonly bundled: ModelService[];
  private readonly byName = new Map<string, ModelService>();
  /** Slots in the order they were created: default, bundled, then registry-only names. */
  private readonly slots: ModelService[];
  private loading: Promise<void> | undefined;
  private settled = false;

  constructor(private readonly options: ModelCatalogOptions) {
    this.default = this.create(options.modelDir);
    this.bundled = options.extraModelDirs.map((dir) => this.create(dir));
    this.slots = [this.default, ...this.bundled];
  }

  private create(modelDir: string | undefined): ModelService {
    const { extraModelDirs: _e, preference: _p, modelDir: _d, log, ...rest } = this.options;
    return new ModelService({
      ...rest,
      ...(modelDir === undefined ? {} : { modelDir }),
      log: log.child(modelDir === undefined ? {} : { modelDir }),
      onReady: () => this.updateReady(),
    });
  }

  /**
   * Loads the bundled models one after another (their golden checks and warm-ups would only compete
   * for the same cores). Never rejects: a model that fails to load stays `failed` and is not served.
   */
  load(): Promise<void> {
    this.loading ??= (async () => {
      for (const slot of [this.default, ...this.bundled]) {
        await slot.load();
        const name = slot.card?.name;
        if (slot.state !== 'ready' || name === undefined) continue;
        const owner = this.byName.get(name);
        if (owner && owner !== slot) {
          this.options.log.error({ name }, 'two bundled models share a name; the later one is not served');
          await slot.close();
          // close() leaves it 'closed'; it stays listed, as a model that failed to load.
          slot.state = 'failed';
          slot.error = `model name '${name}' is already served from another folder`;
          continue;
        }
        this.byName.set(name, slot);
      }
      this.settled = true;
      this.updateReady();
    })();
    return this.loading;
  }

  /** True once the bundled models have loaded (or failed) and the default one serves. */
  get ready(): boolean {
    return this.settled && this.default.state === 'ready';
  }

  private updateReady(): void {
    this.options.metrics.modelReady.set(this.ready ? 1 : 0);
  }

  /** The default model's name, once its card is read. */
  get defaultName(): string | undefined {
    return this.default.card?.name;
  }

  get(name: string): ModelService | undefined {
    return this.byName.get(name);
  }

  /** The slot of `name`, created empty (served once the registry swaps a version in) when new. */
  slot(name: string): ModelService {
    let slot = this.byName.get(name);
    if (!slot) {
      // The default slot may not have read its card yet; it owns its own name.
      if (this.default.card?.name === name) slot = this.default;
      else {
        slot = this.bundled.find((s) => s.card?.name === name) ?? this.create(undefined);
        if (!this.slots.includes(slot)) this.slots.push(slot);
      }
      this.byName.set(name, slot);
    }
    return slot;
  }

  /** The bundled models (MODEL_DIR first) that loaded; the registry bootstraps from their folders. */
  loadedBundled(): Array<{ service: ModelService; modelDir: string }> {
    return [this.default, ...this.bundled].flatMap((service) =>
      service.state === 'ready' &&
      service.modelDir !== undefined &&
      this.byName.get(service.card?.name ?? '') === service
        ? [{ service, modelDir: service.modelDir }]
        : [],
    );
  }

  /** Every slot with a name, in preference order (see `served`). */
  all(): Array<{ name: string; service: ModelService; isDefault: boolean }> {
    return this.ordered().map((service) => ({
      name: service.card?.name ?? '',
      service,
      isDefault: service === this.default,
    }));
  }

  /** Models serving now, in preference order: MODEL_PREFERENCE, then the default, then load order. */
  served(): ServedModel[] {
    const out: ServedModel[] = [];
    for (const service of this.ordered()) {
      const card = service.card;
      if (service.state === 'ready' && card) out.push({ service, card });
    }
    return out;
  }

  /** The versions serving now, one per name. */
  servingVersions(): Set<string> {
    return new Set(this.served().map((m) => m.card.version));
  }

  private ordered(): ModelService[] {
    const named = this.slots.filter((s) => s.card !== undefined);
    const rank = (s: ModelService) => {
      const i = this.options.preference.indexOf(s.card?.name ?? '');
      if (i >= 0) return i;
      return this.options.preference.length + (s === this.default ? 0 : 1);
    };
    // Array.prototype.sort is stable: equal ranks keep load order.
    return named.sort((a, b) => rank(a) - rank(b));
  }

  async close(): Promise<void> {
    this.options.metrics.modelReady.set(0);
    await Promise.all(this.slots.map((s) => s.close()));
  }
}
