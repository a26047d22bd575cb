/**
 * Default locations resolved from this file, not from the working directory, so `pnpm start` from the
 * repository root and `node dist/server.js` from apps/api find the same bundled model.
 * src/config/paths.ts and dist/config/paths.js sit at the same depth below apps/api.
 */
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
export const defaultModelDir = fileURLToPath(new URL('../../../../models/default', import.meta.url));
export const defaultDashboardDir = fileURLToPath(new URL('../../../dashboard/dist', import.meta.url));
export const defaultDataDir = fileURLToPath(new URL('../../../../.data', import.meta.url));
