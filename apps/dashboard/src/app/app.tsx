// Builds the API context from the validated env and mounts the router.
// Hash routing keeps view URLs (#/models) apart from API paths (/models) on the same origin, and needs no
// server-side fallback wherever the API or nginx serves the files.
import { useState } from 'react';
import { createHashRouter, RouterProvider } from 'react-router';
import { resolveApiBaseUrl, type DashboardEnv } from '../config/env';
import type { ApiContextValue } from '../lib/api/api-context';
import { createApiClient } from '../lib/api/client';
import { createApiKeyStore } from '../lib/auth/api-key-store';
import { AppProviders } from './providers';
import { routes } from './routes';

export function createApiContext(env: DashboardEnv, origin: string): ApiContextValue {
  const apiBaseUrl = resolveApiBaseUrl(env.apiBaseUrl, origin);
  const apiKeys = createApiKeyStore();
  return { client: createApiClient({ baseUrl: apiBaseUrl, apiKeys }), apiKeys, env, apiBaseUrl };
}

export function App({ env }: { env: DashboardEnv }) {
  const [api] = useState(() => createApiContext(env, window.location.origin));
  const [router] = useState(() => createHashRouter(routes));
  return (
    <AppProviders api={api}>
      <RouterProvider router={router} />
    </AppProviders>
  );
}
