// Everything a view needs from above: the API client, the query cache and the key dialog.
import { QueryClient, QueryClientProvider, useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { ApiKeyDialog } from '../components/api-key-dialog';
import { ApiProvider, useApi, type ApiContextValue } from '../lib/api/api-context';
import { isApiError } from '../lib/api/api-error';
import { useApiKeyState } from '../lib/auth/api-key-store';

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 15_000,
        // A 4xx will not fix itself; retry only what might (network, 5xx).
        retry: (failureCount, error) => failureCount < 2 && !(isApiError(error) && error.statusCode < 500),
      },
      mutations: { retry: false },
    },
  });
}

function ApiKeyGate() {
  const { apiKeys } = useApi();
  const queryClient = useQueryClient();
  const { apiKey, prompt } = useApiKeyState(apiKeys);
  return (
    <ApiKeyDialog
      open={prompt}
      hasKey={apiKey !== null}
      onSave={(key) => {
        apiKeys.save(key);
        void queryClient.invalidateQueries();
      }}
      onCancel={() => apiKeys.dismiss()}
    />
  );
}

export function AppProviders({
  api,
  queryClient,
  children,
}: {
  api: ApiContextValue;
  queryClient?: QueryClient;
  children: ReactNode;
}) {
  const [client] = useState(() => queryClient ?? createQueryClient());
  return (
    <ApiProvider value={api}>
      <QueryClientProvider client={client}>
        {children}
        <ApiKeyGate />
      </QueryClientProvider>
    </ApiProvider>
  );
}
