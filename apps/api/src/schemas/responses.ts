/** Shared response maps so every route documents the one error shape for the codes it can return. */
import { ErrorSchema } from '../errors/app-error.js';

export const errorResponses = (...codes: number[]) =>
  Object.fromEntries(codes.map((c) => [c, ErrorSchema])) as Record<number, typeof ErrorSchema>;

export const SECURED: Array<Record<string, string[]>> = [{ bearer: [] }, { apiKey: [] }];
