// A labelled select of the served models by name, with one empty choice first ("All models", "Best
// fit (automatic)"). A value no longer served stays selectable, marked, so a stale choice is visible.
import { useId } from 'react';

export interface ModelChoice {
  name: string;
  default?: boolean;
}

export function ModelSelect({
  label,
  value,
  onChange,
  models,
  emptyLabel,
  disabled,
  hint,
}: {
  label: string;
  /** A model name, or '' for the empty choice. */
  value: string;
  onChange: (name: string) => void;
  /** Undefined while the served models load. */
  models: readonly ModelChoice[] | undefined;
  emptyLabel: string;
  disabled?: boolean;
  hint?: string;
}) {
  const id = useId();
  const hintId = useId();
  const stale = value !== '' && models !== undefined && !models.some((m) => m.name === value);
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        value={value}
        disabled={disabled}
        aria-describedby={hint ? hintId : undefined}
        onChange={(event) => onChange(event.target.value)}
      >
        <option value="">{emptyLabel}</option>
        {(models ?? []).map((m) => (
          <option key={m.name} value={m.name}>
            {m.default ? `${m.name} (default)` : m.name}
          </option>
        ))}
        {stale || (value !== '' && models === undefined) ? (
          <option value={value}>{models === undefined ? value : `${value} (not served)`}</option>
        ) : null}
      </select>
      {hint ? (
        <span id={hintId} className="hint">
          {hint}
        </span>
      ) : null}
    </div>
  );
}
