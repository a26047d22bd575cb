/** Security headers (helmet) and the CORS allowlist. */
import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import fp from 'fastify-plugin';
import type { Config } from '../../config/schema.js';

export default fp<{ config: Config }>(
  async (app, { config }) => {
    await app.register(helmet, {
      // Strict CSP for an API and the built dashboard; the docs UI sets its own (swagger-ui staticCSP).
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          styleSrc: ["'self'", "'unsafe-inline'"],
          connectSrc: ["'self'"],
        },
      },
    });
    const origins = config.CORS_ORIGINS.split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    await app.register(cors, {
      origin: origins.includes('*') ? true : origins.length > 0 ? origins : false,
      methods: ['GET', 'POST', 'OPTIONS'],
      allowedHeaders: ['Content-Type', 'Authorization', 'X-API-Key', 'X-Request-Id'],
      exposedHeaders: [
        'X-Request-Id',
        'Retry-After',
        'X-RateLimit-Limit',
        'X-RateLimit-Remaining',
        'X-RateLimit-Reset',
      ],
      maxAge: 600,
    });
  },
  { name: 'security-headers', fastify: '5.x' },
);
