// POST /predict/batch: raw C-MAPSS text (text/plain) or JSON engines; one prediction per engine.
import { useMutation } from '@tanstack/react-query';
import { useApiClient } from '../../../lib/api/api-context';
import { unwrap, type ApiClient } from '../../../lib/api/client';
import { mutationKeys } from '../../../lib/api/query-keys';
import type { paths } from '../../../lib/api/schema.generated';

type Operation = paths['/predict/batch']['post'];
export type BatchJsonBody = Operation['requestBody']['content']['application/json'];
export type BatchResponse = Operation['responses'][200]['content']['application/json'];
export type Prediction = BatchResponse['predictions'][number];

/** `model` (text) or `body.model` (JSON) names the model; absent, each engine gets its best fit. */
export type PredictBatchInput =
  { kind: 'text'; text: string; model?: string } | { kind: 'json'; body: BatchJsonBody };

export function predictBatch(client: ApiClient, input: PredictBatchInput): Promise<BatchResponse> {
  if (input.kind === 'json') return unwrap(client.POST('/predict/batch', { body: input.body }));
  return unwrap(
    client.POST('/predict/batch', {
      params: { query: input.model ? { model: input.model } : {} },
      body: input.text,
      // Send the file as it is: the API parses C-MAPSS text and reports line/column on errors.
      bodySerializer: (body: unknown) => String(body),
      headers: { 'Content-Type': 'text/plain' },
    }),
  );
}

export function usePredictBatch() {
  const client = useApiClient();
  return useMutation({
    mutationKey: mutationKeys.predictBatch,
    mutationFn: (input: PredictBatchInput) => predictBatch(client, input),
  });
}
