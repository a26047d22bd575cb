/**
 * Fleet events (`prediction`, `status`, `model`, `training`) for GET /events. Events are published on
 * the cache's pub/sub channel, so with Redis every replica's SSE clients see every replica's events;
 * in-process they stay within this replica. `emitLocal` is for events every replica derives on its
 * own (training progress read from the database), which must not be fanned out N times.
 */
import fp from 'fastify-plugin';

export type FleetEventType = 'prediction' | 'status' | 'model' | 'training';

export interface FleetEvent {
  type: FleetEventType;
  data: Record<string, unknown>;
  at: string;
}

export type FleetEventListener = (event: FleetEvent) => void;

export interface FleetEvents {
  publish(type: FleetEventType, data: Record<string, unknown>): Promise<void>;
  emitLocal(type: FleetEventType, data: Record<string, unknown>): void;
  /** Returns the unsubscribe function. */
  listen(listener: FleetEventListener): () => void;
}

declare module 'fastify' {
  interface FastifyInstance {
    fleetEvents: FleetEvents;
  }
}

export const EVENTS_CHANNEL = 'fleet-events';

export default fp(
  async (app) => {
    const listeners = new Set<FleetEventListener>();
    const deliver = (event: FleetEvent) => {
      for (const listener of listeners) {
        try {
          listener(event);
        } catch (err) {
          app.log.error({ err }, 'fleet event listener failed');
        }
      }
    };
    const unsubscribe = await app.cache.subscribe<FleetEvent>(EVENTS_CHANNEL, deliver);
    const events: FleetEvents = {
      async publish(type, data) {
        const event: FleetEvent = { type, data, at: new Date().toISOString() };
        try {
          await app.cache.publish(EVENTS_CHANNEL, event);
        } catch (err) {
          // Redis is away: this replica's clients still hear about it.
          app.log.warn({ err, type }, 'event not fanned out; delivered locally only');
          deliver(event);
        }
      },
      emitLocal(type, data) {
        deliver({ type, data, at: new Date().toISOString() });
      },
      listen(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    };
    app.decorate('fleetEvents', events);
    app.addHook('onClose', async () => {
      listeners.clear();
      await unsubscribe().catch(() => undefined);
    });
  },
  { name: 'fleet-events', dependencies: ['cache'], fastify: '5.x' },
);
