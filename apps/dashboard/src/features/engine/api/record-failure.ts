// POST /engines/{id}/failure { cycle }: marks the engine failed at that cycle.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useApiClient } from '../../../lib/api/api-context';
import { unwrap, type ApiClient } from '../../../lib/api/client';
import { queryKeys } from '../../../lib/api/query-keys';

export function recordFailure(client: ApiClient, id: string, cycle: number) {
  return unwrap(client.POST('/engines/{id}/failure', { params: { path: { id } }, body: { cycle } }));
}

export function useRecordFailure(id: string) {
  const client = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (cycle: number) => recordFailure(client, id, cycle),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: queryKeys.engines.detail(id) });
      await queryClient.invalidateQueries({ queryKey: queryKeys.engines.list });
      await queryClient.invalidateQueries({ queryKey: queryKeys.fleet.summary });
    },
  });
}
