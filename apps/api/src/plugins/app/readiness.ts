/**
 * Readiness registry. Any plugin can register a named check (the model now; Postgres and Redis later);
 * /health/ready and /v2/health/ready report 503 with the failing checks listed while any check fails
 * or while the process drains for shutdown.
 */
import fp from 'fastify-plugin';

export interface CheckResult {
  ok: boolean;
  detail?: string;
}

export type ReadinessCheck = () => CheckResult | Promise<CheckResult>;

export interface ReadinessReport {
  ready: boolean;
  draining: boolean;
  checks: Array<{ name: string } & CheckResult>;
}

export interface Readiness {
  register(name: string, check: ReadinessCheck): void;
  /** Stop reporting ready (load balancers take us out) while in-flight work finishes. */
  startDraining(): void;
  readonly draining: boolean;
  evaluate(): Promise<ReadinessReport>;
}

declare module 'fastify' {
  interface FastifyInstance {
    readiness: Readiness;
  }
}

const CHECK_TIMEOUT_MS = 2000;

async function runCheck(check: ReadinessCheck): Promise<CheckResult> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<CheckResult>((resolve) => {
    timer = setTimeout(
      () => resolve({ ok: false, detail: `timed out after ${CHECK_TIMEOUT_MS} ms` }),
      CHECK_TIMEOUT_MS,
    );
  });
  try {
    return await Promise.race([Promise.resolve().then(check), timeout]);
  } catch (err) {
    return { ok: false, detail: (err as Error).message };
  } finally {
    clearTimeout(timer);
  }
}

export function createReadiness(): Readiness {
  const checks = new Map<string, ReadinessCheck>();
  let draining = false;
  return {
    register(name, check) {
      if (checks.has(name)) throw new Error(`readiness check "${name}" is already registered`);
      checks.set(name, check);
    },
    startDraining() {
      draining = true;
    },
    get draining() {
      return draining;
    },
    async evaluate() {
      const results = await Promise.all(
        [...checks].map(async ([name, check]) => ({ name, ...(await runCheck(check)) })),
      );
      if (draining) results.push({ name: 'shutdown', ok: false, detail: 'draining for shutdown' });
      return { ready: results.every((r) => r.ok), draining, checks: results };
    },
  };
}

export default fp(
  async (app) => {
    app.decorate('readiness', createReadiness());
    // Fastify closes plugins in reverse order; mark not-ready first so probes fail before sockets close.
    app.addHook('preClose', async () => app.readiness.startDraining());
    // Responses finishing during the drain tell keep-alive clients to reconnect elsewhere; otherwise their
    // idle sockets would hold server.close() open until the keep-alive timeout.
    app.addHook('onSend', async (_request, reply) => {
      if (app.readiness.draining) void reply.header('connection', 'close');
    });
  },
  { name: 'readiness', fastify: '5.x' },
);
