// Records the cycle at which an engine failed, after a confirmation: this marks the engine failed and
// gives its past predictions a ground truth, which cannot be undone from here.
import { useId, useState, type FormEvent } from 'react';
import { ConfirmDialog } from '../../../components/confirm-dialog';
import { describeError } from '../../../lib/api/api-error';

export function FailureForm({
  engineName,
  lastCycle,
  onRecord,
  pending,
  error,
  recordedCycle,
}: {
  engineName: string;
  lastCycle: number | null;
  onRecord: (cycle: number) => Promise<unknown>;
  pending: boolean;
  error: unknown;
  /** Set once the engine has a recorded failure. */
  recordedCycle?: number | null;
}) {
  const inputId = useId();
  const hintId = useId();
  const [value, setValue] = useState(lastCycle != null ? String(lastCycle) : '');
  const [confirming, setConfirming] = useState(false);
  const cycle = Number(value);
  const valid = value.trim() !== '' && Number.isInteger(cycle) && cycle >= 1;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (valid) setConfirming(true);
  };

  return (
    <section className="panel stack" aria-labelledby={`${inputId}-title`}>
      <h2 id={`${inputId}-title`}>Record a failure</h2>
      {recordedCycle != null ? (
        <p>
          Failure recorded at cycle <strong>{recordedCycle}</strong>.
        </p>
      ) : null}
      <form className="row" onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor={inputId}>Failure cycle</label>
          <input
            id={inputId}
            type="number"
            inputMode="numeric"
            min={1}
            step={1}
            value={value}
            aria-invalid={value !== '' && !valid}
            aria-describedby={hintId}
            onChange={(event) => setValue(event.target.value)}
          />
          <span id={hintId} className="hint">
            A whole cycle number{lastCycle != null ? `; the last cycle seen is ${lastCycle}` : ''}.
          </span>
        </div>
        <button type="submit" disabled={!valid || pending}>
          Record failure…
        </button>
      </form>
      <ConfirmDialog
        open={confirming}
        title={`Record a failure of engine ${engineName}?`}
        confirmLabel="Record failure"
        busy={pending}
        error={error ? <p className="input-error">{describeError(error)}</p> : undefined}
        onCancel={() => setConfirming(false)}
        onConfirm={() => {
          onRecord(cycle).then(
            () => setConfirming(false),
            () => {
              // The error is shown in the dialog; the user can retry or cancel.
            },
          );
        }}
      >
        <p>
          Engine {engineName} will be marked failed at cycle {cycle}. Its predictions are then scored against
          this failure.
        </p>
      </ConfirmDialog>
    </section>
  );
}
