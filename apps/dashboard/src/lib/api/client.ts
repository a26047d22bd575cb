// The only way the dashboard talks to the API: openapi-fetch typed by the generated schema.
import createClient, { type Middleware } from 'openapi-fetch';
import type { ApiKeyStore } from '../auth/api-key-store';
import { ApiError } from './api-error';
import type { paths } from './schema.generated';

export interface ApiClientOptions {
  /** Absolute base URL (see resolveApiBaseUrl). */
  baseUrl: string;
  apiKeys: ApiKeyStore;
}

export function createApiClient({ baseUrl, apiKeys }: ApiClientOptions) {
  // Look fetch up per call so network-level mocks installed after start-up still see the requests.
  const client = createClient<paths>({ baseUrl, fetch: (request) => globalThis.fetch(request) });

  const auth: Middleware = {
    onRequest({ request }) {
      const key = apiKeys.getState().apiKey;
      if (key) request.headers.set('Authorization', `Bearer ${key}`);
      return request;
    },
    onResponse({ response }) {
      if (response.status === 401) apiKeys.requestKey();
      return response;
    },
  };
  client.use(auth);
  return client;
}

export type ApiClient = ReturnType<typeof createApiClient>;

interface FetchResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** Resolves to the response body, or throws the API's error shape as an ApiError. */
export async function unwrap<T>(request: Promise<FetchResult<T>>): Promise<T> {
  const { data, error, response } = await request;
  if (!response.ok) throw ApiError.from(response.status, error);
  return data as T;
}
