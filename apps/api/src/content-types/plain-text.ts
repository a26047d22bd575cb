/** text/plain bodies (C-MAPSS rows) for the routes that take them. */
import type { FastifyInstance } from 'fastify';

/**
 * Reads text/plain bodies as one string in this route scope; the route's bodyLimit bounds the size
 * before anything is parsed.
 */
export function acceptPlainText(app: FastifyInstance): void {
  app.removeContentTypeParser('text/plain');
  app.addContentTypeParser('text/plain', { parseAs: 'string' }, (_request, body, done) => done(null, body));
}
