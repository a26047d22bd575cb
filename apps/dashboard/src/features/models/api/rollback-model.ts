// POST /models/rollback?model=<name>: serves the version of that name that was active before; other
// names are left alone.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useApiClient } from '../../../lib/api/api-context';
import { unwrap, type ApiClient } from '../../../lib/api/client';
import { queryKeys } from '../../../lib/api/query-keys';

export function rollbackModel(client: ApiClient, name: string) {
  return unwrap(client.POST('/models/rollback', { params: { query: { model: name } } }));
}

export function useRollbackModel() {
  const client = useApiClient();
  const queryClient = useQueryClient();
  // The registry, the served models, the active cards and the fleet summary all name served versions.
  return useMutation({
    mutationFn: (name: string) => rollbackModel(client, name),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: queryKeys.models.all });
      await queryClient.invalidateQueries({ queryKey: queryKeys.fleet.summary });
    },
  });
}
