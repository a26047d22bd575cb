// POST /models { card, onnx (base64) }: registers a new version as staged.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useApiClient } from '../../../lib/api/api-context';
import { ApiError } from '../../../lib/api/api-error';
import { unwrap, type ApiClient } from '../../../lib/api/client';
import { queryKeys } from '../../../lib/api/query-keys';
import type { paths } from '../../../lib/api/schema.generated';

type Body = paths['/models']['post']['requestBody']['content']['application/json'];

async function toBase64(file: Blob): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

async function readCard(file: Blob): Promise<Body['card']> {
  try {
    const card = JSON.parse(await file.text()) as unknown;
    if (typeof card === 'object' && card !== null && !Array.isArray(card)) return card as Body['card'];
  } catch {
    // Reported below with the same message.
  }
  throw new ApiError({
    statusCode: 400,
    code: 'INVALID_CARD',
    message: 'The model card is not a JSON object.',
  });
}

export async function uploadModel(client: ApiClient, files: { model: Blob; card: Blob }) {
  const body: Body = { card: await readCard(files.card), onnx: await toBase64(files.model) };
  return unwrap(client.POST('/models', { body }));
}

export function useUploadModel() {
  const client = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (files: { model: Blob; card: Blob }) => uploadModel(client, files),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.models.registry }),
  });
}
