/**
 * Starting the app's worker threads (inference, body reading). In development and tests a worker is
 * TypeScript: a tiny eval'd bootstrap registers tsx's loader inside the new thread and then imports
 * it. Built code (dist/) starts the .js file directly.
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

/**
 * `base` is the worker module's URL without its extension, e.g. `new URL('./x-worker', import.meta.url)`.
 * The extension is this module's own: .ts when the app runs from source, .js when built.
 */
export function workerEntry(base: URL): { entry: string | URL; eval: boolean } {
  const fromSource = import.meta.url.endsWith('.ts');
  const url = new URL(`${base.href}.${fromSource ? 'ts' : 'js'}`);
  if (!fromSource) return { entry: url, eval: false };
  // require.resolve picks the CommonJS build; the ESM one sits beside it.
  const tsxApi = pathToFileURL(
    createRequire(import.meta.url)
      .resolve('tsx/esm/api')
      .replace(/\.cjs$/, '.mjs'),
  ).href;
  const code = `import(${JSON.stringify(tsxApi)}).then((m) => { m.register(); return import(${JSON.stringify(url.href)}); })`;
  return { entry: code, eval: true };
}
