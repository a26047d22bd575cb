/**
 * Wires a fast body reader into one route scope. A large history is mostly numbers: JSON.parse builds
 * an object and two arrays per cycle, the schema validator walks them, and the predictor copies them
 * into a Float32Array. Instead, the JSON parser of this scope reads the bytes once into packed
 * readings, checking everything the schema checks. Bodies it is not sure about go the ordinary way
 * (Fastify's own JSON parser, then the same AJV validation Fastify would run, with the same settings),
 * so every error keeps its exact shape and message. The route schema, and so the OpenAPI document, is
 * unchanged.
 */
import type { FastifyInstance, FastifySchemaCompiler, FastifySchemaValidationError } from 'fastify';
import { unavailable } from '../errors/app-error.js';
import { AJV_OPTIONS, buildValidator } from '../schemas/ajv-options.js';
import { PackedBody } from './packed-history.js';

export interface PackedJsonBodyOptions {
  /**
   * The packed body, or undefined to parse this body the ordinary way. Packed bodies skip schema
   * validation, which `read` already did.
   */
  read: (body: Buffer) => PackedBody | undefined;
  /**
   * Bodies of at least `minBytes` are read by `read` off the event loop instead: it resolves to the
   * packed body, or to the bytes when they must be parsed the ordinary way. Its rejection (the reader
   * thread died) fails only this request, with 503.
   */
  offload?: Offload | undefined;
}

/** Where a scope's large bodies are read instead of on the event loop (see PackedJsonBodyOptions). */
export interface Offload {
  minBytes: number;
  read: (body: Buffer) => Promise<PackedBody | Buffer>;
}

type Validate = ((data: unknown, context?: unknown) => boolean) & {
  errors?: FastifySchemaValidationError[] | null;
  schemaEnv?: unknown;
};

/** Installs the scope's JSON parser; returns the validator compiler to set on the scope's routes. */
export function packedJsonBody(
  app: FastifyInstance,
  { read, offload }: PackedJsonBodyOptions,
): FastifySchemaCompiler<unknown> {
  const { onProtoPoisoning, onConstructorPoisoning } = app.initialConfig;
  const ordinary = app.getDefaultJsonParser(onProtoPoisoning ?? 'error', onConstructorPoisoning ?? 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    const buffer = body as Buffer;
    if (offload && buffer.length >= offload.minBytes) {
      offload.read(buffer).then(
        (result) =>
          result instanceof PackedBody
            ? done(null, result)
            : ordinary(request, (result as Buffer).toString('utf8'), done),
        (err: Error) =>
          done(
            unavailable('BODY_READER_UNAVAILABLE', `the request body could not be read: ${err.message}`, 1),
          ),
      );
      return;
    }
    const fast = read(buffer);
    if (fast !== undefined) done(null, fast);
    else ordinary(request, buffer.toString('utf8'), done);
  });

  // The same compilers Fastify builds from buildApp's options (no shared schemas are registered):
  // strict for the body, coercing for the query string.
  const compile = buildValidator({}, AJV_OPTIONS) as unknown as FastifySchemaCompiler<unknown>;
  return (route) => {
    const validate = compile(route) as Validate;
    if (route.httpPart !== 'body') return validate;
    const body: Validate = (data, context) => {
      if (data instanceof PackedBody) return true;
      const ok = validate(data, context);
      body.errors = validate.errors;
      return ok;
    };
    // Fastify passes the parent context to AJV functions (marked by schemaEnv); keep that behaviour.
    body.schemaEnv = validate.schemaEnv;
    return body;
  };
}
