// Flat config shared by every TypeScript package in the workspace.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { dashboardBoundaries } from './apps/dashboard/eslint-boundaries.js';

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      '**/coverage/**',
      '**/*.generated.ts',
      'apps/trainer/**',
      // AssemblyScript (its own types and decorators), compiled by its folder's build script.
      '**/*.as.ts',
      'docs/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  dashboardBoundaries,
);
