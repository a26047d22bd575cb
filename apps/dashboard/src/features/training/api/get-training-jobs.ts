// GET /training-jobs: recent jobs, newest first.
import { queryOptions, useQuery } from '@tanstack/react-query';
import { useApiClient } from '../../../lib/api/api-context';
import { unwrap, type ApiClient } from '../../../lib/api/client';
import { queryKeys } from '../../../lib/api/query-keys';
import type { paths } from '../../../lib/api/schema.generated';

export type TrainingJobList = paths['/training-jobs']['get']['responses'][200]['content']['application/json'];

export function getTrainingJobs(client: ApiClient): Promise<TrainingJobList> {
  return unwrap(client.GET('/training-jobs', { params: { query: { limit: 20 } } }));
}

export function trainingJobsQueryOptions(client: ApiClient, pollMs: number | false) {
  return queryOptions({
    queryKey: queryKeys.trainingJobs.list,
    queryFn: () => getTrainingJobs(client),
    refetchInterval: pollMs,
  });
}

export function useTrainingJobs(pollMs: number | false) {
  return useQuery(trainingJobsQueryOptions(useApiClient(), pollMs));
}
