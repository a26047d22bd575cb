/** Counts a route scope's requests in a gauge while they are processed (arrival to response or abort). */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Gauge } from 'prom-client';

export function countInflight(app: FastifyInstance, gauge: Gauge): void {
  // A request leaves the count once, whichever of response or abort comes first.
  const counted = new WeakSet<FastifyRequest>();
  app.addHook('onRequest', async (request) => {
    counted.add(request);
    gauge.inc();
  });
  const done = async (request: FastifyRequest) => {
    if (counted.delete(request)) gauge.dec();
  };
  app.addHook('onResponse', done);
  app.addHook('onRequestAbort', done);
}
