// GET /training-jobs/{id}: status, progress (epochs, loss history), metrics, log tail, model version.
import { queryOptions, useQuery } from '@tanstack/react-query';
import { useApiClient } from '../../../lib/api/api-context';
import { unwrap, type ApiClient } from '../../../lib/api/client';
import { queryKeys } from '../../../lib/api/query-keys';
import type { paths } from '../../../lib/api/schema.generated';

export type TrainingJob =
  paths['/training-jobs/{id}']['get']['responses'][200]['content']['application/json'];

export function getTrainingJob(client: ApiClient, id: string): Promise<TrainingJob> {
  return unwrap(client.GET('/training-jobs/{id}', { params: { path: { id } } }));
}

const FINISHED = new Set(['succeeded', 'failed', 'cancelled']);

export function trainingJobQueryOptions(client: ApiClient, id: string, pollMs: number | false) {
  return queryOptions({
    queryKey: queryKeys.trainingJobs.detail(id),
    queryFn: () => getTrainingJob(client, id),
    // Poll while the job runs; a finished job does not change.
    refetchInterval: (query) => (query.state.data && FINISHED.has(query.state.data.status) ? false : pollMs),
  });
}

export function useTrainingJob(id: string, pollMs: number | false) {
  return useQuery(trainingJobQueryOptions(useApiClient(), id, pollMs));
}
