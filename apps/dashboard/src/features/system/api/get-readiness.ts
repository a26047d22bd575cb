// GET /health/ready: 200 with the checks when ready, 503 with the failing checks when not. Both are
// answers to show, not errors; only an unreachable API is an error here.
import { queryOptions, useQuery } from '@tanstack/react-query';
import { useApiClient } from '../../../lib/api/api-context';
import { ApiError } from '../../../lib/api/api-error';
import type { ApiClient } from '../../../lib/api/client';
import { queryKeys } from '../../../lib/api/query-keys';
import type { paths } from '../../../lib/api/schema.generated';

type Operation = paths['/health/ready']['get'];
export type ReadyBody = Operation['responses'][200]['content']['application/json'];
export type NotReadyBody = Operation['responses'][503]['content']['application/json'];

export type Readiness = { ready: true; body: ReadyBody } | { ready: false; body: NotReadyBody };

export async function getReadiness(client: ApiClient): Promise<Readiness> {
  const { data, error, response } = await client.GET('/health/ready');
  if (data) return { ready: true, body: data };
  if (response.status === 503 && error) return { ready: false, body: error };
  throw ApiError.from(response.status, error);
}

export function readinessQueryOptions(client: ApiClient) {
  return queryOptions({
    queryKey: queryKeys.health.ready,
    queryFn: () => getReadiness(client),
    refetchInterval: 10_000,
    staleTime: 0,
  });
}

export function useReadiness() {
  return useQuery(readinessQueryOptions(useApiClient()));
}
