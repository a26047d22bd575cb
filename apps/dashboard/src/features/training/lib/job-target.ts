// A training job's data set (subset) and model name as typed in the form: the API's rules for them
// (POST /training-jobs `subset` and `model`), and the body fields they become. Empty means "the default".

const SUBSET = /^[A-Za-z0-9_-]{1,32}$/;
const MODEL_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

export const subsetOk = (value: string) => value.trim() === '' || SUBSET.test(value.trim());
export const modelNameOk = (value: string) => value.trim() === '' || MODEL_NAME.test(value.trim());

export function targetFields(subset: string, model: string): { subset?: string; model?: string } {
  return {
    ...(subset.trim() ? { subset: subset.trim() } : {}),
    ...(model.trim() ? { model: model.trim() } : {}),
  };
}
