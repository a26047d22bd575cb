// POST /models/rollback: serves the previously active version again.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useApiClient } from '../../../lib/api/api-context';
import { unwrap, type ApiClient } from '../../../lib/api/client';
import { queryKeys } from '../../../lib/api/query-keys';

export function rollbackModel(client: ApiClient) {
  return unwrap(client.POST('/models/rollback'));
}

export function useRollbackModel() {
  const client = useApiClient();
  const queryClient = useQueryClient();
  // The registry, the active card and the fleet summary all name the served version.
  return useMutation({
    mutationFn: () => rollbackModel(client),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: queryKeys.models.all });
      await queryClient.invalidateQueries({ queryKey: queryKeys.fleet.summary });
    },
  });
}
