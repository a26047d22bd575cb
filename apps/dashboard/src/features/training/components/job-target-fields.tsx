// What a training job trains for: the data set (subset) and the model name its version is registered
// under. Both optional; the API fills in the defaults the placeholders describe.
import { modelNameOk, subsetOk } from '../lib/job-target';

export function JobTargetFields({
  id,
  source,
  subset,
  model,
  onSubset,
  onModel,
}: {
  id: string;
  source: 'fleet' | 'upload';
  subset: string;
  model: string;
  onSubset: (value: string) => void;
  onModel: (value: string) => void;
}) {
  const shownSubset = subset.trim() || source;
  return (
    <div className="row">
      <div className="field">
        <label htmlFor={`${id}-subset`}>Data set</label>
        <input
          id={`${id}-subset`}
          type="text"
          value={subset}
          placeholder={`e.g. FD002 (default: ${source})`}
          aria-invalid={!subsetOk(subset)}
          aria-describedby={`${id}-subset-hint`}
          onChange={(event) => onSubset(event.target.value)}
        />
        <span id={`${id}-subset-hint`} className="hint">
          Recorded in the model card; letters, digits, _ and -, up to 32
        </span>
      </div>
      <div className="field">
        <label htmlFor={`${id}-model`}>Model name</label>
        <input
          id={`${id}-model`}
          type="text"
          value={model}
          placeholder={
            source === 'fleet'
              ? 'default: the served model’s name'
              : `default: cmapss-${shownSubset.toLowerCase()}-tcn-ensemble`
          }
          aria-invalid={!modelNameOk(model)}
          aria-describedby={`${id}-model-hint`}
          onChange={(event) => onModel(event.target.value)}
        />
        <span id={`${id}-model-hint`} className="hint">
          The trained version is a new version of this model
        </span>
      </div>
    </div>
  );
}
