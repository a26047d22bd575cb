/**
 * Fastify's AJV settings, defined once: buildApp passes them to Fastify, and the prediction routes
 * compile their fallback body validators with the same ones, so both report identical errors.
 */
import AjvCompiler, { type BuildCompilerFromPool } from '@fastify/ajv-compiler';
import type { FastifySchemaCompiler } from 'fastify';

export const AJV_OPTIONS = {
  // Strings are not numbers and unknown fields are errors: bad input is reported, not guessed at.
  customOptions: { coerceTypes: false, removeAdditional: false, allErrors: false },
  plugins: [],
};

/**
 * The query string is text by nature: `?limit=20` can only arrive as a string. Its schemas declare
 * integers with their bounds and defaults, so this one part of the request is compiled with type
 * coercion (a digit string becomes a number, anything else is rejected naming the parameter);
 * bodies, params and headers keep the strict settings above.
 */
export const QUERYSTRING_AJV_OPTIONS = {
  customOptions: { ...AJV_OPTIONS.customOptions, coerceTypes: true },
  plugins: [],
};

/**
 * One validator compiler per HTTP part: coercing for the query string, strict for the rest. The
 * package's types describe a compiler as taking a bare schema; Fastify calls it with the route
 * definition (schema, method, url, httpPart), hence the casts.
 */
export const buildValidator: BuildCompilerFromPool = (externalSchemas) => {
  const strict = AjvCompiler()(externalSchemas, AJV_OPTIONS) as unknown as FastifySchemaCompiler<unknown>;
  const querystring = AjvCompiler()(
    externalSchemas,
    QUERYSTRING_AJV_OPTIONS,
  ) as unknown as FastifySchemaCompiler<unknown>;
  const compile: FastifySchemaCompiler<unknown> = (route) =>
    route.httpPart === 'querystring' ? querystring(route) : strict(route);
  return compile as unknown as ReturnType<BuildCompilerFromPool>;
};
