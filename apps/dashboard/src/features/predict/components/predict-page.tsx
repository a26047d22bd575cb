// Predict view: input on top, the API's answer (or its complaint, next to the input) below.
import { useState } from 'react';
import { PageHeader } from '../../../components/page-header';
import { isApiError, describeError } from '../../../lib/api/api-error';
import { useServedModels } from '../../../lib/api/served-models';
import { usePredictBatch, type PredictBatchInput } from '../api/predict-batch';
import { locateApiError, type InputSource } from '../lib/locate-api-error';
import { PredictInputForm, type InputProblem } from './predict-input-form';
import { PredictionResults } from './prediction-results';

export function PredictPage() {
  const mutation = usePredictBatch();
  const served = useServedModels();
  const [source, setSource] = useState<InputSource>({ kind: 'text' });
  const [localProblem, setLocalProblem] = useState<InputProblem | null>(null);

  const apiProblem: InputProblem | null = mutation.error
    ? !isApiError(mutation.error)
      ? { title: 'The request failed', issues: [{ message: describeError(mutation.error) }] }
      : mutation.error.statusCode === 401 || mutation.error.statusCode === 403
        ? {
            title: 'Not authorised',
            issues: [
              { message: `${mutation.error.message} Enter a valid API key, then press Predict again.` },
            ],
          }
        : {
            title: `The API rejected the input (${mutation.error.code})`,
            issues: locateApiError(mutation.error, source),
          }
    : null;

  const submit = (request: PredictBatchInput, nextSource: InputSource) => {
    setLocalProblem(null);
    setSource(nextSource);
    mutation.mutate(request);
  };

  return (
    <>
      <PageHeader
        title="Predict"
        description="Remaining useful life for one or many engines from their cycle histories, with a 90% interval."
      />
      <PredictInputForm
        models={served.data}
        isPending={mutation.isPending}
        problem={localProblem ?? apiProblem}
        onSubmit={submit}
        onInvalid={(problem) => {
          mutation.reset();
          setLocalProblem(problem);
        }}
      />
      {mutation.isPending ? (
        <p role="status" className="muted">
          <span className="spinner" aria-hidden="true" />
          Predicting…
        </p>
      ) : null}
      {mutation.data ? <PredictionResults response={mutation.data} /> : null}
    </>
  );
}
