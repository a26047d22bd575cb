/**
 * /health/live (process is up), /health/ready and /health (503 with the failing checks until the
 * model is loaded and golden-verified, while draining, or when a dependency check fails).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { ErrorSchema } from '../errors/app-error.js';

const CheckSchema = Type.Object({
  name: Type.String(),
  ok: Type.Boolean(),
  detail: Type.Optional(Type.String()),
});
const ReadySchema = Type.Object({
  status: Type.Literal('ready'),
  checks: Type.Array(CheckSchema),
  model: Type.Optional(
    Type.Object({ name: Type.String(), version: Type.String() }, { description: 'The default model' }),
  ),
  models: Type.Array(Type.Object({ name: Type.String(), version: Type.String() }), {
    description: 'Every model served, in preference order',
  }),
  uptimeSeconds: Type.Number(),
});
const publicRoute = { scope: 'public' as const, rateLimit: false as const };

const healthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  async function ready(reply: FastifyReply) {
    const report = await app.readiness.evaluate();
    const card = app.model.card;
    if (!report.ready) {
      const failing = report.checks.filter((c) => !c.ok);
      return reply.code(503).send({
        statusCode: 503,
        code: 'NOT_READY',
        message: `not ready: ${failing.map((c) => `${c.name} (${c.detail ?? 'failing'})`).join('; ')}`,
        details: failing.map((c) => ({ path: c.name, message: c.detail ?? 'failing' })),
      });
    }
    return {
      status: 'ready' as const,
      checks: report.checks,
      ...(card ? { model: { name: card.name, version: card.version } } : {}),
      models: app.models.served().map((m) => ({ name: m.card.name, version: m.card.version })),
      uptimeSeconds: Math.round(process.uptime()),
    };
  }
  const readySchema = (summary: string) => ({
    tags: ['health'],
    summary,
    response: { 200: ReadySchema, 503: ErrorSchema },
  });

  app.get(
    '/health',
    { config: publicRoute, schema: readySchema('Overall health (same rule as readiness)') },
    (_r, reply) => ready(reply),
  );
  app.get('/health/ready', { config: publicRoute, schema: readySchema('Readiness probe') }, (_r, reply) =>
    ready(reply),
  );
  app.get(
    '/health/live',
    {
      config: publicRoute,
      schema: {
        tags: ['health'],
        summary: 'Liveness probe: the process answers',
        response: { 200: Type.Object({ status: Type.Literal('ok') }) },
      },
    },
    async () => ({ status: 'ok' as const }),
  );
};

export default healthRoutes;
