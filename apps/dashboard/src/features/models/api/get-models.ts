// GET /models: every registered version with its status and validation metrics.
import { queryOptions, useQuery } from '@tanstack/react-query';
import { useApiClient } from '../../../lib/api/api-context';
import { unwrap, type ApiClient } from '../../../lib/api/client';
import { queryKeys } from '../../../lib/api/query-keys';
import type { paths } from '../../../lib/api/schema.generated';

export type ModelList = paths['/models']['get']['responses'][200]['content']['application/json'];

export function getModels(client: ApiClient): Promise<ModelList> {
  return unwrap(client.GET('/models'));
}

export function modelsQueryOptions(client: ApiClient) {
  return queryOptions({
    queryKey: queryKeys.models.registry,
    queryFn: () => getModels(client),
    refetchInterval: 30_000,
  });
}

export function useModels() {
  return useQuery(modelsQueryOptions(useApiClient()));
}
