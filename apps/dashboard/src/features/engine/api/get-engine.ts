// GET /engines/{id}: the engine with its latest prediction and its stored prediction history.
import { queryOptions, useQuery } from '@tanstack/react-query';
import { useApiClient } from '../../../lib/api/api-context';
import { unwrap, type ApiClient } from '../../../lib/api/client';
import { queryKeys } from '../../../lib/api/query-keys';
import type { paths } from '../../../lib/api/schema.generated';

export type EngineDetail = paths['/engines/{id}']['get']['responses'][200]['content']['application/json'];

/** Enough history for the chart; the API caps a page at 1000. */
const HISTORY_LIMIT = 1000;

export function getEngine(client: ApiClient, id: string): Promise<EngineDetail> {
  return unwrap(client.GET('/engines/{id}', { params: { path: { id }, query: { limit: HISTORY_LIMIT } } }));
}

export function engineQueryOptions(client: ApiClient, id: string) {
  return queryOptions({
    queryKey: queryKeys.engines.detail(id),
    queryFn: () => getEngine(client, id),
    refetchInterval: 15_000,
    enabled: id !== '',
  });
}

export function useEngine(id: string) {
  return useQuery(engineQueryOptions(useApiClient(), id));
}
