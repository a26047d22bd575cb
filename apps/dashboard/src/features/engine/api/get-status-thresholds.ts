// GET /fleet/summary, read here only for the warning/critical RUL thresholds the API classifies by.
// Same query key as the fleet view's summary, so both share one cached answer.
import { queryOptions, useQuery } from '@tanstack/react-query';
import { useApiClient } from '../../../lib/api/api-context';
import { unwrap, type ApiClient } from '../../../lib/api/client';
import { queryKeys } from '../../../lib/api/query-keys';
import type { paths } from '../../../lib/api/schema.generated';

type Summary = paths['/fleet/summary']['get']['responses'][200]['content']['application/json'];

export function statusThresholdsQueryOptions(client: ApiClient) {
  return queryOptions({
    queryKey: queryKeys.fleet.summary,
    queryFn: (): Promise<Summary> => unwrap(client.GET('/fleet/summary')),
    select: (summary) => summary.thresholds,
  });
}

export function useStatusThresholds() {
  return useQuery(statusThresholdsQueryOptions(useApiClient()));
}
