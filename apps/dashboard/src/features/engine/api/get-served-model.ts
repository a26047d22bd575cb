// GET /models/active, read here for the served version, its interval level and input channel names.
// Same query key as the System view's model card, so both share one cached answer.
import { queryOptions, useQuery } from '@tanstack/react-query';
import { useApiClient } from '../../../lib/api/api-context';
import { unwrap, type ApiClient } from '../../../lib/api/client';
import { queryKeys } from '../../../lib/api/query-keys';
import type { paths } from '../../../lib/api/schema.generated';

type ActiveModel = paths['/models/active']['get']['responses'][200]['content']['application/json'];

export function servedModelQueryOptions(client: ApiClient) {
  return queryOptions({
    queryKey: queryKeys.models.active,
    queryFn: (): Promise<ActiveModel> => unwrap(client.GET('/models/active')),
    select: ({ version, intervalLevel, channels }) => ({ version, intervalLevel, channels }),
  });
}

export function useServedModel() {
  return useQuery(servedModelQueryOptions(useApiClient()));
}
