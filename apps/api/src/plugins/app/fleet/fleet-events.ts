/**
 * Fleet events (`prediction`, `status`, `model`, `training`) for GET /events. Events are published on
 * the cache's pub/sub channel, so with Redis every replica's SSE clients see every replica's events;
 * in-process they stay within this replica. `emitLocal` is for events every replica derives on its
 * own (training progress read from the database), which must not be fanned out N times.
 * `publishMany` sends a burst (a bulk ingest's predictions) as one message on a channel of its own:
 * releases from before bursts existed read only single events from EVENTS_CHANNEL, so during a
 * rolling upgrade an older replica never receives a message shape it cannot read (its SSE clients
 * miss the newer replicas' bulk predictions until it is replaced).
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
/** Arrays of events, in order; only replicas that publish bursts subscribe to it. */
export const EVENT_BURSTS_CHANNEL = 'fleet-events:bursts';

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
    const deliverMany = (burst: FleetEvent[]) => {
      for (const event of burst) deliverOne(event);
    };
    const unsubscribers = [
      await app.cache.subscribe<FleetEvent>(EVENTS_CHANNEL, deliverOne),
      await app.cache.subscribe<FleetEvent[]>(EVENT_BURSTS_CHANNEL, deliverMany),
    ];
    const send = async (channel: string, message: FleetEvent | FleetEvent[]) => {
      try {
        await app.cache.publish(channel, message);
      } catch (err) {
        // Redis is away: this replica's clients still hear about it.
        const types = Array.isArray(message) ? [...new Set(message.map((e) => e.type))] : message.type;
        app.log.warn({ err, type: types }, 'event not fanned out; delivered locally only');
        if (Array.isArray(message)) deliverMany(message);
        else deliverOne(message);
      }
    };
    const events: FleetEvents = {
      async publish(type, data) {
        await send(EVENTS_CHANNEL, { type, data, at: new Date().toISOString() });
      },
      async publishMany(burst) {
        if (burst.length === 0) return;
        const at = new Date().toISOString();
        await send(
          EVENT_BURSTS_CHANNEL,
          burst.map(({ type, data }) => ({ type, data, at })),
        );
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
      await Promise.all(unsubscribers.map((unsubscribe) => unsubscribe().catch(() => undefined)));
    });
  },
  { name: 'fleet-events', dependencies: ['cache'], fastify: '5.x' },
);
