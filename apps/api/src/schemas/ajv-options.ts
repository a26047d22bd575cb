/**
 * Fastify's AJV settings, defined once: buildApp passes them to Fastify, and the prediction routes
 * compile their fallback body validators with the same ones, so both report identical errors.
 */
export const AJV_OPTIONS = {
  // Strings are not numbers and unknown fields are errors: bad input is reported, not guessed at.
  customOptions: { coerceTypes: false, removeAdditional: false, allErrors: false },
  plugins: [],
};
