// GET /models/{version}: one version with its full model card (training data, protocol).
import { queryOptions, useQuery } from '@tanstack/react-query';
import { useApiClient } from '../../../lib/api/api-context';
import { unwrap, type ApiClient } from '../../../lib/api/client';
import { queryKeys } from '../../../lib/api/query-keys';
import type { paths } from '../../../lib/api/schema.generated';

export type ModelDetail = paths['/models/{version}']['get']['responses'][200]['content']['application/json'];

export function getModel(client: ApiClient, version: string): Promise<ModelDetail> {
  return unwrap(client.GET('/models/{version}', { params: { path: { version } } }));
}

export function modelQueryOptions(client: ApiClient, version: string) {
  return queryOptions({
    queryKey: queryKeys.models.version(version),
    queryFn: () => getModel(client, version),
    staleTime: Infinity,
  });
}

export function useModel(version: string) {
  return useQuery(modelQueryOptions(useApiClient(), version));
}
