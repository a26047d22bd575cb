// GET /fleet/summary: engines per status, the lowest RUL, thresholds and the model in service.
import { queryOptions, useQuery } from '@tanstack/react-query';
import { useApiClient } from '../../../lib/api/api-context';
import { unwrap, type ApiClient } from '../../../lib/api/client';
import { queryKeys } from '../../../lib/api/query-keys';
import type { paths } from '../../../lib/api/schema.generated';

export type FleetSummary = paths['/fleet/summary']['get']['responses'][200]['content']['application/json'];

export function getFleetSummary(client: ApiClient): Promise<FleetSummary> {
  return unwrap(client.GET('/fleet/summary'));
}

export function fleetSummaryQueryOptions(client: ApiClient, pollMs: number | false) {
  return queryOptions({
    queryKey: queryKeys.fleet.summary,
    queryFn: () => getFleetSummary(client),
    refetchInterval: pollMs,
  });
}

export function useFleetSummary(pollMs: number | false) {
  return useQuery(fleetSummaryQueryOptions(useApiClient(), pollMs));
}
