// Paste, type or upload engine histories (C-MAPSS text or CSV); errors appear right under the input.
import { useId, useRef, useState, type ChangeEvent, type FormEvent } from 'react';
import { ModelSelect, type ModelChoice } from '../../../components/model-select';
import { buildRequest, type InputFormat } from '../lib/build-request';
import type { InputIssue } from '../lib/input-issue';
import type { InputSource } from '../lib/locate-api-error';
import { CSV_HEADER } from '../lib/parse-csv';
import { selectLine } from '../lib/select-line';
import type { PredictBatchInput } from '../api/predict-batch';
import { InputErrorMessage } from './input-error-message';

export interface InputProblem {
  title: string;
  issues: InputIssue[];
}

export function PredictInputForm({
  isPending,
  problem,
  onSubmit,
  onInvalid,
  models,
}: {
  /** The served models (undefined while they load). */
  models: readonly ModelChoice[] | undefined;
  isPending: boolean;
  problem: InputProblem | null;
  onSubmit: (request: PredictBatchInput, source: InputSource) => void;
  onInvalid: (problem: InputProblem) => void;
}) {
  const ids = { file: useId(), text: useId(), format: useId(), hint: useId(), error: useId() };
  const textareaRef = useRef<HTMLTextAreaElement>(null);
  const [text, setText] = useState('');
  const [format, setFormat] = useState<InputFormat>('auto');
  const [model, setModel] = useState('');
  const [fileNote, setFileNote] = useState<string | null>(null);

  const onFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    if (!file) return;
    const content = await file.text();
    setText(content);
    if (/\.csv$/i.test(file.name)) setFormat('csv');
    const lines = content.split('\n').filter((l) => l.trim() !== '').length;
    setFileNote(`Loaded ${file.name}: ${lines.toLocaleString('en')} rows.`);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const built = buildRequest(text, format, model);
    if (!built.ok) onInvalid({ title: 'The input cannot be sent yet', issues: built.issues });
    else onSubmit(built.request, built.source);
  };

  const describedBy = [ids.hint, problem ? ids.error : null].filter(Boolean).join(' ');

  return (
    <form className="panel stack" onSubmit={submit} aria-label="Prediction input">
      <div className="row">
        <div className="field">
          <label htmlFor={ids.file}>Upload a C-MAPSS text file or CSV</label>
          <input
            id={ids.file}
            type="file"
            accept=".txt,.csv,text/plain,text/csv"
            onChange={(e) => void onFile(e)}
          />
        </div>
        <div className="field">
          <label htmlFor={ids.format}>Format</label>
          <select id={ids.format} value={format} onChange={(e) => setFormat(e.target.value as InputFormat)}>
            <option value="auto">Detect automatically</option>
            <option value="cmapss">C-MAPSS text (space-separated)</option>
            <option value="csv">CSV with header</option>
          </select>
        </div>
        <ModelSelect
          label="Model"
          value={model}
          models={models}
          emptyLabel="Best fit (automatic)"
          onChange={setModel}
        />
      </div>
      <div className="field">
        <label htmlFor={ids.text}>Engine histories</label>
        <textarea
          ref={textareaRef}
          id={ids.text}
          value={text}
          spellCheck={false}
          aria-invalid={problem ? true : undefined}
          aria-describedby={describedBy}
          onChange={(e) => {
            setText(e.target.value);
            setFileNote(null);
          }}
          placeholder={
            '1 1 -0.0007 -0.0004 100.0 518.67 641.82 1589.70 …\n(one row per cycle: unit, cycle, 3 settings, 21 sensors)'
          }
        />
        <span id={ids.hint} className="hint">
          {fileNote ??
            'C-MAPSS rows (unit, cycle, 3 settings, 21 sensors, space-separated) or CSV with the header '}
          {fileNote ? null : <code>unit,cycle,setting1..3,s1..s21</code>}
        </span>
      </div>
      {problem ? (
        <InputErrorMessage
          id={ids.error}
          title={problem.title}
          issues={problem.issues}
          lineText={(line) => text.split('\n')[line - 1]}
          onShowLine={(line) => textareaRef.current && selectLine(textareaRef.current, line)}
        />
      ) : null}
      <div className="row">
        <button type="submit" className="primary" disabled={isPending}>
          {isPending ? 'Predicting…' : 'Predict'}
        </button>
        <button
          type="button"
          onClick={() => {
            setText(`${CSV_HEADER}\n`);
            setFormat('csv');
            setFileNote(null);
            textareaRef.current?.focus();
          }}
        >
          Start a CSV by hand
        </button>
        <button
          type="button"
          onClick={() => {
            setText('');
            setFileNote(null);
          }}
          disabled={text === ''}
        >
          Clear
        </button>
      </div>
    </form>
  );
}
