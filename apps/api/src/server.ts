/**
 * Process entry: env → config → buildApp → listen, and graceful shutdown on SIGTERM/SIGINT:
 * report not-ready, optionally wait for load balancers to notice, stop accepting, let in-flight
 * requests finish (bounded by SHUTDOWN_TIMEOUT_MS), then close the model workers.
 */
import closeWithGrace from 'close-with-grace';
import { buildApp } from './app.js';
import { ConfigError, loadConfig } from './config/load-config.js';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`rul-api: configuration error: ${err.message}`);
      process.exit(78); // EX_CONFIG
    }
    throw err;
  }
  const app = await buildApp(config).catch((err: Error) => {
    console.error(`rul-api: cannot start: ${err.message}`);
    process.exit(78);
  });

  closeWithGrace({ delay: config.SHUTDOWN_TIMEOUT_MS }, async ({ signal, err }) => {
    if (err) app.log.error({ err }, 'fatal error, shutting down');
    else app.log.info({ signal }, 'shutting down: draining');
    app.readiness.startDraining();
    await app.close();
  });

  await app.listen({ port: config.PORT, host: config.HOST });
  const bound = app.server.address();
  if (bound && typeof bound === 'object') {
    app.log.info(
      { address: bound.address, port: bound.port, authentication: app.authEnabled },
      `bound to ${bound.address} port ${bound.port}, authentication ${app.authEnabled ? 'on' : 'off'}`,
    );
  }
}

void main();
