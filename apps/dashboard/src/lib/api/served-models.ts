// GET /models/served: every model the API serves, in preference order, the default one marked. Shared
// because the fleet filter, the engine's model control, the predict form and the System view all list
// them; one query key, one cached answer.
import { queryOptions, useQuery } from '@tanstack/react-query';
import { useApiClient } from './api-context';
import { unwrap, type ApiClient } from './client';
import { queryKeys } from './query-keys';
import type { paths } from './schema.generated';

export type ServedModelList = paths['/models/served']['get']['responses'][200]['content']['application/json'];
export type ServedModel = ServedModelList['items'][number];

export function getServedModels(client: ApiClient): Promise<ServedModelList> {
  return unwrap(client.GET('/models/served'));
}

export function servedModelsQueryOptions(client: ApiClient) {
  return queryOptions({
    queryKey: queryKeys.models.served,
    queryFn: () => getServedModels(client),
    refetchInterval: 60_000,
    select: (list) => list.items,
  });
}

export function useServedModels() {
  return useQuery(servedModelsQueryOptions(useApiClient()));
}
