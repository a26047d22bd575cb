// The remaining-life range the list is narrowed to (set by a band of the histogram), shown in the filter
// bar with a control that removes it.
import { useId } from 'react';
import { rangeLabel, type RulRange } from '../lib/rul-range';

export function RulRangeFilter({ range, onClear }: { range: RulRange; onClear: () => void }) {
  const labelId = useId();
  return (
    <div className="field" role="group" aria-labelledby={labelId}>
      <span id={labelId} className="field-label">
        Remaining life
      </span>
      <span className="row">
        <span className="rul-range-value">{rangeLabel(range)} cycles</span>
        <button type="button" onClick={onClear} aria-label="Clear the remaining-life filter">
          Clear
        </button>
      </span>
    </div>
  );
}
