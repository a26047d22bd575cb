// DELETE /engines/{id}: removes the engine with its telemetry and predictions.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useApiClient } from '../../../lib/api/api-context';
import { unwrap, type ApiClient } from '../../../lib/api/client';
import { queryKeys } from '../../../lib/api/query-keys';

export function deleteEngine(client: ApiClient, id: string) {
  return unwrap(client.DELETE('/engines/{id}', { params: { path: { id } } }));
}

export function useDeleteEngine(id: string) {
  const client = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => deleteEngine(client, id),
    onSuccess: async () => {
      queryClient.removeQueries({ queryKey: queryKeys.engines.detail(id) });
      await queryClient.invalidateQueries({ queryKey: queryKeys.engines.list });
      await queryClient.invalidateQueries({ queryKey: queryKeys.fleet.summary });
    },
  });
}
