// GET /engines/{id}/telemetry?from&to: stored cycles (settings + sensors) of one engine.
import { queryOptions, useQuery } from '@tanstack/react-query';
import { useApiClient } from '../../../lib/api/api-context';
import { unwrap, type ApiClient } from '../../../lib/api/client';
import { queryKeys } from '../../../lib/api/query-keys';
import type { paths } from '../../../lib/api/schema.generated';

type Operation = paths['/engines/{id}/telemetry']['get'];
export type EngineTelemetry = Operation['responses'][200]['content']['application/json'];
export type TelemetryRange = NonNullable<Operation['parameters']['query']>;

export function getEngineTelemetry(client: ApiClient, id: string, range: TelemetryRange) {
  return unwrap(client.GET('/engines/{id}/telemetry', { params: { path: { id }, query: range } }));
}

export function engineTelemetryQueryOptions(client: ApiClient, id: string, range: TelemetryRange) {
  return queryOptions({
    queryKey: [...queryKeys.engines.telemetry(id), range],
    queryFn: () => getEngineTelemetry(client, id, range),
    refetchInterval: 30_000,
  });
}

export function useEngineTelemetry(id: string, range: TelemetryRange = {}) {
  return useQuery(engineTelemetryQueryOptions(useApiClient(), id, range));
}
