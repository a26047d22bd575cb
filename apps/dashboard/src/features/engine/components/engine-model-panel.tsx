// Which model judges the engine, and (with an admin key) a control to assign one or go back to the
// best fit; the API re-predicts the engine from its stored history at once.
import { useState, type FormEvent } from 'react';
import { ModelSelect, type ModelChoice } from '../../../components/model-select';
import { describeError } from '../../../lib/api/api-error';
import { formatCycles } from '../../../lib/format/format-number';
import type { EngineModelResult } from '../api/set-engine-model';

function describeResult(engineId: string, { engine, prediction }: EngineModelResult): string {
  const judge = engine.model ?? 'the best-fitting model';
  if (!prediction)
    return `Engine ${engineId} is now judged by ${judge}; no prediction was made (no telemetry, or the engine has failed).`;
  const { model, rul, lastCycle } = prediction;
  return `Engine ${engineId} is now judged by ${judge}; re-predicted by ${model.name} ${model.version}: RUL ${formatCycles(rul)} at cycle ${lastCycle}.`;
}

export function EngineModelPanel({
  engineId,
  assigned,
  predictedBy,
  models,
  onChange,
  pending,
  error,
  result,
}: {
  engineId: string;
  /** The assigned model; null: the best fit of each history. */
  assigned: string | null;
  /** The model of the latest prediction. */
  predictedBy: string | null;
  models: readonly ModelChoice[] | undefined;
  onChange: (model: string | null) => void;
  pending: boolean;
  error: unknown;
  /** The last change's answer, kept by the caller so it outlives a re-render with the new model. */
  result: EngineModelResult | undefined;
}) {
  const [choice, setChoice] = useState(assigned ?? '');
  // A new assignment (this change, or another user's seen on refetch) resets the choice; the panel
  // itself stays mounted so focus and the result message stay where they are.
  const [shown, setShown] = useState(assigned);
  if (shown !== assigned) {
    setShown(assigned);
    setChoice(assigned ?? '');
  }
  const unchanged = choice === (assigned ?? '');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    onChange(choice === '' ? null : choice);
  };

  return (
    <section className="panel stack" aria-labelledby="engine-model-title">
      <h2 id="engine-model-title">Model</h2>
      <dl className="facts">
        <dt>Judged by</dt>
        <dd>
          {assigned ? (
            <>
              <strong>{assigned}</strong> <span className="muted">(assigned)</span>
            </>
          ) : (
            <>
              <strong>Best fit</strong>{' '}
              <span className="muted">
                (automatic:{' '}
                {predictedBy
                  ? `${predictedBy} made the latest prediction`
                  : 'chosen when the engine is first predicted'}
                )
              </span>
            </>
          )}
        </dd>
      </dl>
      <form className="row" onSubmit={submit}>
        <ModelSelect
          label="Judge this engine by"
          value={choice}
          models={models}
          emptyLabel="Best fit (automatic)"
          onChange={setChoice}
          hint="Needs an admin API key. The engine is re-predicted from its stored history at once."
        />
        <button type="submit" disabled={unchanged || pending}>
          {pending ? 'Changing…' : 'Change model'}
        </button>
      </form>
      {error ? (
        <div className="input-error" role="alert">
          <strong>The model was not changed.</strong> {describeError(error)}
        </div>
      ) : result ? (
        <p role="status">{describeResult(engineId, result)}</p>
      ) : null}
    </section>
  );
}
