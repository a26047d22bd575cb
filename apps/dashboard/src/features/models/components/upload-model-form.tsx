// Registers a new model version from its two files: the ONNX graph and its model card (JSON).
import { useId, useRef, useState, type FormEvent } from 'react';
import { describeError } from '../../../lib/api/api-error';

export function UploadModelForm({
  onUpload,
  pending,
  error,
  uploadedVersion,
}: {
  onUpload: (files: { model: File; card: File }) => Promise<unknown>;
  pending: boolean;
  error: unknown;
  uploadedVersion: string | null;
}) {
  const modelId = useId();
  const cardId = useId();
  const formRef = useRef<HTMLFormElement>(null);
  const [model, setModel] = useState<File | null>(null);
  const [card, setCard] = useState<File | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!model || !card) return;
    onUpload({ model, card }).then(
      () => {
        formRef.current?.reset();
        setModel(null);
        setCard(null);
      },
      () => {
        // Shown below the form.
      },
    );
  };

  return (
    <section className="panel stack" aria-labelledby="upload-title">
      <h2 id="upload-title">Upload a model</h2>
      <p className="muted">
        The new version is registered as staged; it serves nothing until you activate it.
      </p>
      <form ref={formRef} className="stack" onSubmit={submit}>
        <div className="grid-2">
          <div className="field">
            <label htmlFor={modelId}>ONNX model file</label>
            <input
              id={modelId}
              type="file"
              accept=".onnx,application/octet-stream"
              onChange={(event) => setModel(event.target.files?.[0] ?? null)}
            />
          </div>
          <div className="field">
            <label htmlFor={cardId}>Model card (JSON)</label>
            <input
              id={cardId}
              type="file"
              accept=".json,application/json"
              onChange={(event) => setCard(event.target.files?.[0] ?? null)}
            />
          </div>
        </div>
        <div className="row">
          <button type="submit" className="primary" disabled={!model || !card || pending}>
            {pending ? 'Uploading…' : 'Upload model'}
          </button>
        </div>
      </form>
      {error ? (
        <div className="input-error" role="alert">
          <strong>The upload was rejected.</strong> {describeError(error)}
        </div>
      ) : null}
      {uploadedVersion && !error ? (
        <p role="status">
          Version {uploadedVersion} was registered. Compare it with the active version of its model below.
        </p>
      ) : null}
    </section>
  );
}
