// GET /engines: one page of engines, filtered by status, name and model and sorted on the server; the
// next page is asked for with the previous page's nextCursor.
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { useApiClient } from '../../../lib/api/api-context';
import { unwrap, type ApiClient } from '../../../lib/api/client';
import { queryKeys } from '../../../lib/api/query-keys';
import type { paths } from '../../../lib/api/schema.generated';

type Operation = paths['/engines']['get'];
export type EngineList = Operation['responses'][200]['content']['application/json'];
export type Engine = EngineList['items'][number];
export type EngineListQuery = NonNullable<Operation['parameters']['query']>;

export function getEngines(client: ApiClient, query: EngineListQuery): Promise<EngineList> {
  return unwrap(client.GET('/engines', { params: { query } }));
}

export function enginesQueryOptions(client: ApiClient, query: EngineListQuery, pollMs: number | false) {
  return queryOptions({
    queryKey: [...queryKeys.engines.list, query],
    queryFn: () => getEngines(client, query),
    refetchInterval: pollMs,
    placeholderData: keepPreviousData,
  });
}

export function useEngines(query: EngineListQuery, pollMs: number | false) {
  return useQuery(enginesQueryOptions(useApiClient(), query, pollMs));
}
