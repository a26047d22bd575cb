// POST /models/{version}/activate: loads, checks and swaps in that version of its model name; other
// names are left alone.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useApiClient } from '../../../lib/api/api-context';
import { unwrap, type ApiClient } from '../../../lib/api/client';
import { queryKeys } from '../../../lib/api/query-keys';

export function activateModel(client: ApiClient, version: string) {
  return unwrap(client.POST('/models/{version}/activate', { params: { path: { version } } }));
}

export function useActivateModel() {
  const client = useApiClient();
  const queryClient = useQueryClient();
  // The registry, the served models, the active cards and the fleet summary all name served versions.
  return useMutation({
    mutationFn: (version: string) => activateModel(client, version),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: queryKeys.models.all });
      await queryClient.invalidateQueries({ queryKey: queryKeys.fleet.summary });
    },
  });
}
