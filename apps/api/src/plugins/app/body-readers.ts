/**
 * `app.bodyReaders`: the threads that read large JSON prediction bodies off the event loop
 * (src/predict-body/body-reader-pool.ts), or null when BODY_READER_THREADS is 0.
 */
import fp from 'fastify-plugin';
import type { Config } from '../../config/schema.js';
import { BodyReaderPool } from '../../predict-body/body-reader-pool.js';
import type { Offload } from '../../predict-body/packed-json-body.js';

/** The pool, and what each prediction route hands its JSON parser (packedJsonBody's `offload`). */
export interface BodyReaders {
  pool: BodyReaderPool;
  predict: Offload;
  batch: Offload;
}

declare module 'fastify' {
  interface FastifyInstance {
    bodyReaders: BodyReaders | null;
  }
}

export default fp<{ config: Config }>(
  async (app, { config }) => {
    const threads = config.BODY_READER_THREADS;
    if (threads === 0) {
      app.decorate('bodyReaders', null);
      return;
    }
    const log = app.log.child({ component: 'body-reader' });
    const pool = await BodyReaderPool.start(threads, (message) =>
      log.error({ err: message }, 'body reader failed; the body was parsed the ordinary way'),
    );
    const minBytes = config.BODY_READER_MIN_BYTES;
    app.decorate('bodyReaders', {
      pool,
      predict: { minBytes, read: (body) => pool.read('predict', body) },
      batch: { minBytes, read: (body) => pool.read('batch', body) },
    } satisfies BodyReaders);
    app.addHook('onClose', async () => pool.close());
  },
  { name: 'body-readers', fastify: '5.x' },
);
