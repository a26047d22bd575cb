/** Serves the built dashboard (apps/dashboard/dist) at / when it exists; the API works without it. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import fp from 'fastify-plugin';

export const hasDashboard = (dir: string): boolean => existsSync(join(dir, 'index.html'));

export default fp<{ dir: string }>(
  async (app, { dir }) => {
    if (!hasDashboard(dir)) {
      app.log.info({ dir }, 'no built dashboard found; serving the API only');
      return;
    }
    await app.register(fastifyStatic, { root: dir, prefix: '/', wildcard: false, index: 'index.html' });
  },
  { name: 'dashboard', fastify: '5.x' },
);
