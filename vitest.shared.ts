// Vitest settings shared by the workspace packages whose tests import other workspace packages.
// Those resolve to TypeScript source through the '@rul/source' export condition, the same one
// tsconfig.base.json turns on for typecheck, so a test never runs against a stale dist/.
// Tests run in Vite's server (SSR) environment, whose conditions are set as a whole: the rest of
// this list is Vite's default for that environment.
export const workspaceSource = {
  ssr: { resolve: { conditions: ['@rul/source', 'module', 'node', 'development|production'] } },
};
