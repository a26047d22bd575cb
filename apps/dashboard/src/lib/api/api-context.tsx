// Hands the configured client, key store and env to the tree; features read them through hooks.
import { createContext, useContext, type ReactNode } from 'react';
import type { DashboardEnv } from '../../config/env';
import type { ApiKeyStore } from '../auth/api-key-store';
import type { ApiClient } from './client';

export interface ApiContextValue {
  client: ApiClient;
  apiKeys: ApiKeyStore;
  env: DashboardEnv;
  /** Absolute API base URL, for links (API docs) rather than fetches. */
  apiBaseUrl: string;
}

const ApiContext = createContext<ApiContextValue | null>(null);

export function ApiProvider({ value, children }: { value: ApiContextValue; children: ReactNode }) {
  return <ApiContext.Provider value={value}>{children}</ApiContext.Provider>;
}

export function useApi(): ApiContextValue {
  const value = useContext(ApiContext);
  if (!value) throw new Error('useApi must be used inside <ApiProvider>');
  return value;
}

export function useApiClient(): ApiClient {
  return useApi().client;
}
