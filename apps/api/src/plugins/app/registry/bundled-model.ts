/**
 * Bootstrap from the bundled model (MODEL_DIR): it is registered on every start, activated when
 * nothing is active, and replaces the active model when it is a newer bundled default that nobody
 * overrode. `bootstrapped` resolves once that is done and the active model is served; until then
 * each poll tries again.
 */
import type { Repositories } from '@rul/db';
import type { FastifyBaseLogger } from 'fastify';
import { loadModelCard, type ModelCard } from '../model/model-card.js';
import type { ModelService } from '../model/model-service.js';

/** The actor name of the registry's own activations of the bundled default model. */
export const BOOTSTRAP = 'bootstrap';

export interface BundledModelBootstrap {
  readonly bootstrapped: Promise<void>;
  readonly done: boolean;
  /** Registers and activates the bundled model as needed, then syncs; failures are logged and retried. */
  attempt(): Promise<void>;
}

export function bundledModelBootstrap(deps: {
  models: Repositories['models'];
  model: ModelService;
  modelDir: string;
  /** Serves whatever the database says is active. */
  sync: () => Promise<void>;
  log: FastifyBaseLogger;
}): BundledModelBootstrap {
  const { models, model, modelDir, sync, log } = deps;

  /**
   * A newer bundled default replaces the active model only while nobody chose that one: the last
   * switch was the bootstrap's own, and the bundled card is newer (so during a rolling upgrade an
   * old replica restarting never takes the fleet back to its older bundled model).
   */
  async function followsBundledDefault(
    active: { version: string; card: Record<string, unknown> },
    bundled: ModelCard,
  ): Promise<boolean> {
    const [last] = await models.listActivations(1);
    if (!last || last.actor !== BOOTSTRAP || last.version !== active.version) return false;
    const activeCreated = Date.parse(String(active.card['createdAt']));
    const bundledCreated = Date.parse(String(bundled['createdAt']));
    return (
      Number.isFinite(bundledCreated) && (!Number.isFinite(activeCreated) || bundledCreated > activeCreated)
    );
  }

  async function bootstrap(): Promise<void> {
    if (model.state !== 'ready') return;
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
    const active = await models.getActive();
    if (!active) {
      await models.activate(card.version, { actor: BOOTSTRAP, reason: 'bundled default model' });
    } else if (active.version !== card.version && (await followsBundledDefault(active, card))) {
      await models.activate(card.version, {
        actor: BOOTSTRAP,
        reason: `bundled default model updated (was ${active.version})`,
      });
    }
    await sync();
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
        await bootstrap();
        if (model.state === 'ready') {
          done = true;
          resolveBoot();
        }
      } catch (err) {
        log.warn({ err }, 'model registry bootstrap failed; retrying on the next poll');
      }
    },
  };
}
