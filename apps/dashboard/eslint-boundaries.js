// The dashboard's import boundaries, checked by the root ESLint config. Imports flow one way:
// app -> features -> shared (components, config, lib). A feature never imports another feature:
// what two features share moves down into src/lib or src/components. Each folder under
// src/features is its own zone, so a new feature is covered without touching this file.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import importX from 'eslint-plugin-import-x';

const srcDir = join(import.meta.dirname, 'src');
const features = readdirSync(join(srcDir, 'features'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);
const shared = ['./components', './config', './lib'];

const zones = [
  ...features.map((feature) => ({
    target: `./features/${feature}`,
    from: './features',
    except: [`./${feature}`],
    message: 'A feature imports only from lib/, components/ and config/: move what both need there.',
  })),
  {
    target: './features',
    from: './app',
    message: 'Features are wired by app/, never the other way round.',
  },
  {
    target: shared,
    from: ['./app', './features'],
    message: 'Shared code (components/, config/, lib/) must not depend on app/ or a feature.',
  },
];

export const dashboardBoundaries = {
  files: ['apps/dashboard/src/**/*.{ts,tsx}'],
  plugins: { 'import-x': importX },
  settings: {
    // The rule skips imports it cannot resolve, so the resolver must know TypeScript's extensions.
    'import-x/resolver-next': [importX.createNodeResolver({ extensions: ['.ts', '.tsx', '.js', '.json'] })],
  },
  rules: {
    'import-x/no-restricted-paths': ['error', { basePath: srcDir, zones }],
  },
};
