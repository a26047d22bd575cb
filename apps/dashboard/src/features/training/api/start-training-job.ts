// POST /training-jobs: queues a job on the fleet's histories or an uploaded C-MAPSS file.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useApiClient } from '../../../lib/api/api-context';
import { unwrap, type ApiClient } from '../../../lib/api/client';
import { queryKeys } from '../../../lib/api/query-keys';
import type { paths } from '../../../lib/api/schema.generated';

export type NewTrainingJob = paths['/training-jobs']['post']['requestBody']['content']['application/json'];

export function startTrainingJob(client: ApiClient, body: NewTrainingJob) {
  return unwrap(client.POST('/training-jobs', { body }));
}

export function useStartTrainingJob() {
  const client = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: NewTrainingJob) => startTrainingJob(client, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.trainingJobs.list }),
  });
}
