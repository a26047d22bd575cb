// Starts a training job: which data (the fleet's recorded histories or an uploaded C-MAPSS file),
// the data set and model name it trains for, how many epochs and how many seeds.
import { useId, useState, type FormEvent } from 'react';
import { describeError } from '../../../lib/api/api-error';
import { modelNameOk, subsetOk } from '../lib/job-target';
import { JobTargetFields } from './job-target-fields';

export interface StartJobInput {
  source: 'fleet' | 'upload';
  file: File | null;
  /** Data set (subset) and model name as typed; empty = the API's default. */
  subset: string;
  model: string;
  epochs: number;
  seeds: number;
}

export function StartJobForm({
  onStart,
  pending,
  error,
}: {
  onStart: (input: StartJobInput) => void;
  pending: boolean;
  error: unknown;
}) {
  const id = useId();
  const [source, setSource] = useState<'fleet' | 'upload'>('fleet');
  const [file, setFile] = useState<File | null>(null);
  const [epochs, setEpochs] = useState('30');
  const [seeds, setSeeds] = useState('3');
  const [subset, setSubset] = useState('');
  const [model, setModel] = useState('');
  const epochCount = Number(epochs);
  const seedCount = Number(seeds);
  const epochsOk = Number.isInteger(epochCount) && epochCount >= 1 && epochCount <= 500;
  const seedsOk = Number.isInteger(seedCount) && seedCount >= 1 && seedCount <= 10;
  const valid =
    epochsOk && seedsOk && subsetOk(subset) && modelNameOk(model) && (source === 'fleet' || file !== null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (valid)
      onStart({
        source,
        file: source === 'upload' ? file : null,
        subset,
        model,
        epochs: epochCount,
        seeds: seedCount,
      });
  };

  return (
    <section className="panel stack" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Start a training job</h2>
      <form className="stack" onSubmit={submit} noValidate>
        <fieldset className="stack plain-fieldset">
          <legend>Training data</legend>
          <label className="row">
            <input
              type="radio"
              name={`${id}-source`}
              value="fleet"
              checked={source === 'fleet'}
              onChange={() => setSource('fleet')}
            />
            The fleet’s recorded histories (engines with a recorded failure)
          </label>
          <label className="row">
            <input
              type="radio"
              name={`${id}-source`}
              value="upload"
              checked={source === 'upload'}
              onChange={() => setSource('upload')}
            />
            An uploaded C-MAPSS training file
          </label>
          {source === 'upload' ? (
            <div className="field">
              <label htmlFor={`${id}-file`}>Training file (C-MAPSS text or CSV)</label>
              <input
                id={`${id}-file`}
                type="file"
                accept=".txt,.csv,text/plain,text/csv"
                onChange={(event) => setFile(event.target.files?.[0] ?? null)}
              />
            </div>
          ) : null}
        </fieldset>
        <JobTargetFields
          id={id}
          source={source}
          subset={subset}
          model={model}
          onSubset={setSubset}
          onModel={setModel}
        />
        <div className="row">
          <div className="field">
            <label htmlFor={`${id}-epochs`}>Epochs</label>
            <input
              id={`${id}-epochs`}
              type="number"
              min={1}
              max={500}
              value={epochs}
              aria-invalid={!epochsOk}
              aria-describedby={`${id}-epochs-hint`}
              onChange={(event) => setEpochs(event.target.value)}
            />
            <span id={`${id}-epochs-hint`} className="hint">
              1 to 500
            </span>
          </div>
          <div className="field">
            <label htmlFor={`${id}-seeds`}>Seeds</label>
            <input
              id={`${id}-seeds`}
              type="number"
              min={1}
              max={10}
              value={seeds}
              aria-invalid={!seedsOk}
              aria-describedby={`${id}-seeds-hint`}
              onChange={(event) => setSeeds(event.target.value)}
            />
            <span id={`${id}-seeds-hint`} className="hint">
              1 to 10; metrics are reported over the seeds
            </span>
          </div>
        </div>
        <div className="row">
          <button type="submit" className="primary" disabled={!valid || pending}>
            {pending ? 'Starting…' : 'Start training'}
          </button>
        </div>
      </form>
      {error ? (
        <div className="input-error" role="alert">
          <strong>The job could not be started.</strong> {describeError(error)}
        </div>
      ) : null}
    </section>
  );
}
