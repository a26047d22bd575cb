/**
 * Fleet events (`prediction`, `status`, `model`, `training`) for GET /events. Events are published on
 * the cache's pub/sub channel, so with Redis every replica's SSE clients see every replica's events;
 * in-process they stay within this replica. `emitLocal` is for events every replica derives on its
 * own (training progress read from the database), which must not be fanned out N times.
 * `publishMany` sends a burst (a bulk ingest's predictions) as one channel message.
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
  /** Publishes events in order as one channel message: one round trip however many there are. */
  publishMany(events: readonly { type: FleetEventType; data: Record<string, unknown> }[]): Promise<void>;
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
    const deliverOne = (event: FleetEvent) => {
      for (const listener of listeners) {
        try {
          listener(event);
        } catch (err) {
          app.log.error({ err }, 'fleet event listener failed');
        }
      }
    };
    // A channel message is one event, or a burst of them in order (publishMany).
    const deliver = (message: FleetEvent | FleetEvent[]) => {
      if (Array.isArray(message)) for (const event of message) deliverOne(event);
      else deliverOne(message);
    };
    const unsubscribe = await app.cache.subscribe<FleetEvent | FleetEvent[]>(EVENTS_CHANNEL, deliver);
    const send = async (message: FleetEvent | FleetEvent[]) => {
      try {
        await app.cache.publish(EVENTS_CHANNEL, message);
      } catch (err) {
        // Redis is away: this replica's clients still hear about it.
        const types = Array.isArray(message) ? [...new Set(message.map((e) => e.type))] : message.type;
        app.log.warn({ err, type: types }, 'event not fanned out; delivered locally only');
        deliver(message);
      }
    };
    const events: FleetEvents = {
      async publish(type, data) {
        await send({ type, data, at: new Date().toISOString() });
      },
      async publishMany(burst) {
        if (burst.length === 0) return;
        const at = new Date().toISOString();
        await send(burst.map(({ type, data }) => ({ type, data, at })));
      },
      emitLocal(type, data) {
        deliverOne({ type, data, at: new Date().toISOString() });
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
