// GET /models/active[?model=<name>]: a served model's card (versions, validation metrics, training
// statistics); without a name, the default model's.
import { queryOptions, useQuery } from '@tanstack/react-query';
import { useApiClient } from '../../../lib/api/api-context';
import { unwrap, type ApiClient } from '../../../lib/api/client';
import { queryKeys } from '../../../lib/api/query-keys';
import type { paths } from '../../../lib/api/schema.generated';

export type ActiveModel = paths['/models/active']['get']['responses'][200]['content']['application/json'];

export function getActiveModel(client: ApiClient, name?: string): Promise<ActiveModel> {
  return unwrap(client.GET('/models/active', { params: { query: name ? { model: name } : {} } }));
}

export function activeModelQueryOptions(client: ApiClient, name?: string) {
  return queryOptions({
    queryKey: name ? queryKeys.models.card(name) : queryKeys.models.active,
    queryFn: () => getActiveModel(client, name),
    refetchInterval: 60_000,
  });
}

/** The card of the served model `name`; undefined: the default model's. */
export function useActiveModel(name?: string) {
  return useQuery(activeModelQueryOptions(useApiClient(), name));
}
