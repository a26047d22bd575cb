/** Counts rejected and invalid prediction requests (rul_predictions_total{outcome}) for a route scope. */
import type { FastifyInstance } from 'fastify';

export function countRejections(app: FastifyInstance): void {
  app.addHook('onError', async (_request, _reply, error) => {
    const status = (error as { statusCode?: number; validation?: unknown }).validation
      ? 400
      : ((error as { statusCode?: number }).statusCode ?? 500);
    const outcome = status === 429 || status === 503 ? 'rejected' : status >= 500 ? 'error' : 'invalid';
    // Auth failures aren't predictions; don't let them skew the invalid-input rate.
    if (status === 401 || status === 403) return;
    app.metrics.predictions.inc({ model_version: app.model.version, outcome });
  });
}
