/**
 * Bootstrap from the bundled models (MODEL_DIR and EXTRA_MODEL_DIRS): each is registered on every
 * start, activated when its name has no active version, and replaces the active version of its name
 * when it is a newer bundled model that nobody overrode. `bootstrapped` resolves once that is done
 * and every active version is served; until then each poll tries again.
 */
import type { Repositories } from '@rul/db';
import type { FastifyBaseLogger } from 'fastify';
import { loadModelCard, type ModelCard } from '../model/model-card.js';
import type { ModelCatalog } from '../model/model-catalog.js';

/** The actor name of the registry's own activations of bundled models. */
export const BOOTSTRAP = 'bootstrap';

export interface BundledModelBootstrap {
  readonly bootstrapped: Promise<void>;
  readonly done: boolean;
  /** Registers and activates the bundled models as needed, then syncs; failures are logged and retried. */
  attempt(): Promise<void>;
}

export function bundledModelBootstrap(deps: {
  models: Repositories['models'];
  catalog: ModelCatalog;
  /** Serves whatever the database says is active. */
  sync: () => Promise<void>;
  log: FastifyBaseLogger;
}): BundledModelBootstrap {
  const { models, catalog, sync, log } = deps;

  /**
   * A newer bundled model replaces the active version of its name only while nobody chose that one:
   * the name's last switch was the bootstrap's own, and the bundled card is newer (so during a
   * rolling upgrade an old replica restarting never takes the fleet back to its older bundled model).
   */
  async function followsBundled(
    active: { version: string; card: Record<string, unknown> },
    bundled: ModelCard,
  ): Promise<boolean> {
    const [last] = await models.listActivations(1, bundled.name);
    if (!last || last.actor !== BOOTSTRAP || last.version !== active.version) return false;
    const activeCreated = Date.parse(String(active.card['createdAt']));
    const bundledCreated = Date.parse(String(bundled['createdAt']));
    return (
      Number.isFinite(bundledCreated) && (!Number.isFinite(activeCreated) || bundledCreated > activeCreated)
    );
  }

  async function bootstrapOne(modelDir: string): Promise<void> {
    const { card, onnxBytes } = await loadModelCard(modelDir);
    if (!(await models.get(card.version))) {
      await models
        .register({
          version: card.version,
          name: card.name,
          card,
          onnx: onnxBytes,
          metrics: (card['metrics'] ?? {}) as Record<string, unknown>,
        })
        .catch((err: { code?: string }) => {
          if (err.code !== 'MODEL_VERSION_EXISTS') throw err; // another replica was first
        });
    }
    const active = await models.getActive(card.name);
    if (!active) {
      await models.activate(card.version, { actor: BOOTSTRAP, reason: 'bundled model' });
    } else if (active.version !== card.version && (await followsBundled(active, card))) {
      await models.activate(card.version, {
        actor: BOOTSTRAP,
        reason: `bundled model updated (was ${active.version})`,
      });
    }
  }

  async function bootstrap(): Promise<boolean> {
    if (!catalog.ready) return false;
    for (const { modelDir } of catalog.loadedBundled()) await bootstrapOne(modelDir);
    await sync();
    return catalog.ready;
  }

  let done = false;
  let resolveBoot!: () => void;
  const bootstrapped = new Promise<void>((r) => (resolveBoot = r));
  return {
    bootstrapped,
    get done() {
      return done;
    },
    async attempt() {
      if (done) return;
      try {
        if (await bootstrap()) {
          done = true;
          resolveBoot();
        }
      } catch (err) {
        log.warn({ err }, 'model registry bootstrap failed; retrying on the next poll');
      }
    },
  };
}
