// PUT /engines/{id}/model { model }: the model the engine is judged by (null: the best fit of its
// history). The API re-predicts the engine at once, so its detail, the fleet list and the summary change.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useApiClient } from '../../../lib/api/api-context';
import { unwrap, type ApiClient } from '../../../lib/api/client';
import { queryKeys } from '../../../lib/api/query-keys';
import type { paths } from '../../../lib/api/schema.generated';

export type EngineModelResult =
  paths['/engines/{id}/model']['put']['responses'][200]['content']['application/json'];

export function setEngineModel(client: ApiClient, id: string, model: string | null) {
  return unwrap(client.PUT('/engines/{id}/model', { params: { path: { id } }, body: { model } }));
}

export function useSetEngineModel(id: string) {
  const client = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (model: string | null) => setEngineModel(client, id, model),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: queryKeys.engines.detail(id) });
      await queryClient.invalidateQueries({ queryKey: queryKeys.engines.list });
      await queryClient.invalidateQueries({ queryKey: queryKeys.fleet.summary });
    },
  });
}
