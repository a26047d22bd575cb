// Renders a view inside the real providers and router, with the real API client pointed at the msw origin.
import { QueryClient } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { createApiContext } from '../src/app/app';
import { AppProviders } from '../src/app/providers';
import { routes } from '../src/app/routes';
import type { DashboardEnv } from '../src/config/env';
import { API_ORIGIN } from './msw-server';

export const testEnv: DashboardEnv = { apiBaseUrl: API_ORIGIN, grafanaUrl: 'http://grafana.test/d/rul' };

function testQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: { queries: { retry: false, staleTime: Infinity }, mutations: { retry: false } },
  });
}

/** Mounts the whole app (layout + routes) at `path`. */
export function renderApp(path: string, env: DashboardEnv = testEnv) {
  const api = createApiContext(env, 'http://dashboard.test');
  const router = createMemoryRouter(routes, { initialEntries: [path] });
  const result = render(
    <AppProviders api={api} queryClient={testQueryClient()}>
      <RouterProvider router={router} />
    </AppProviders>,
  );
  return { ...result, api, router };
}

/** Mounts a single element inside the providers (no router). */
export function renderWithProviders(ui: ReactElement, env: DashboardEnv = testEnv) {
  const api = createApiContext(env, 'http://dashboard.test');
  return {
    ...render(
      <AppProviders api={api} queryClient={testQueryClient()}>
        {ui}
      </AppProviders>,
    ),
    api,
  };
}
