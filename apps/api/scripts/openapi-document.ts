/** Generates the OpenAPI document from the real route schemas (no model is loaded). */
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config/load-config.js';

export async function generateOpenApiDocument(): Promise<string> {
  const config = loadConfig({ LOG_LEVEL: 'silent', DASHBOARD_DIR: '/nonexistent', AUTH_MODE: 'disabled' });
  const app = await buildApp(config, { autoloadModel: false, logger: false, inMemoryStorage: true });
  try {
    await app.ready();
    return `${JSON.stringify(app.swagger(), null, 2)}\n`;
  } finally {
    await app.close();
  }
}
