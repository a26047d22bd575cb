// Asks for an API key when the API answers 401; the key goes to sessionStorage only.
import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';

export function ApiKeyDialog({
  open,
  hasKey,
  onSave,
  onCancel,
}: {
  open: boolean;
  /** Whether a key was already sent (and so was rejected). */
  hasKey: boolean;
  onSave: (apiKey: string) => void;
  onCancel: () => void;
}) {
  const titleId = useId();
  const inputId = useId();
  const hintId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const returnFocusTo = useRef<Element | null>(null);
  const [value, setValue] = useState('');

  useEffect(() => {
    if (!open) return;
    returnFocusTo.current = document.activeElement;
    inputRef.current?.focus();
    return () => {
      if (returnFocusTo.current instanceof HTMLElement) returnFocusTo.current.focus();
    };
  }, [open]);

  if (!open) return null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (value.trim() === '') return;
    onSave(value);
    setValue('');
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') onCancel();
  };

  return (
    <div className="dialog-backdrop" onKeyDown={onKeyDown}>
      <div className="dialog" role="dialog" aria-modal="true" aria-labelledby={titleId}>
        <form className="stack" onSubmit={submit}>
          <h2 id={titleId}>API key required</h2>
          <p>
            {hasKey
              ? 'The API rejected the key in use. Enter a valid key to continue.'
              : 'This API asks for a key. Enter it to continue.'}
          </p>
          <div className="field">
            <label htmlFor={inputId}>API key</label>
            <input
              ref={inputRef}
              id={inputId}
              type="password"
              autoComplete="off"
              aria-describedby={hintId}
              value={value}
              onChange={(event) => setValue(event.target.value)}
            />
            <span id={hintId} className="hint">
              Kept in this tab’s session storage only and sent as <code>Authorization: Bearer</code>.
            </span>
          </div>
          <div className="row">
            <button type="submit" className="primary" disabled={value.trim() === ''}>
              Use key
            </button>
            <button type="button" onClick={onCancel}>
              Cancel
            </button>
          </div>
        </form>
      </div>
    </div>
  );
}
