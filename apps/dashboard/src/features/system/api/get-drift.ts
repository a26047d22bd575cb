// GET /models/active/drift: recent fleet telemetry per channel against the active model's training statistics.
import { queryOptions, useQuery } from '@tanstack/react-query';
import { useApiClient } from '../../../lib/api/api-context';
import { unwrap, type ApiClient } from '../../../lib/api/client';
import { queryKeys } from '../../../lib/api/query-keys';
import type { paths } from '../../../lib/api/schema.generated';

export type Drift = paths['/models/active/drift']['get']['responses'][200]['content']['application/json'];

export function getDrift(client: ApiClient): Promise<Drift> {
  return unwrap(client.GET('/models/active/drift'));
}

export function driftQueryOptions(client: ApiClient) {
  return queryOptions({
    queryKey: queryKeys.models.drift,
    queryFn: () => getDrift(client),
    refetchInterval: 60_000,
  });
}

export function useDrift() {
  return useQuery(driftQueryOptions(useApiClient()));
}
