// GET /models/active: the served model's card (versions, validation metrics, training statistics).
import { queryOptions, useQuery } from '@tanstack/react-query';
import { useApiClient } from '../../../lib/api/api-context';
import { unwrap, type ApiClient } from '../../../lib/api/client';
import { queryKeys } from '../../../lib/api/query-keys';
import type { paths } from '../../../lib/api/schema.generated';

export type ActiveModel = paths['/models/active']['get']['responses'][200]['content']['application/json'];

export function getActiveModel(client: ApiClient): Promise<ActiveModel> {
  return unwrap(client.GET('/models/active'));
}

export function activeModelQueryOptions(client: ApiClient) {
  return queryOptions({
    queryKey: queryKeys.models.active,
    queryFn: () => getActiveModel(client),
    refetchInterval: 60_000,
  });
}

export function useActiveModel() {
  return useQuery(activeModelQueryOptions(useApiClient()));
}
