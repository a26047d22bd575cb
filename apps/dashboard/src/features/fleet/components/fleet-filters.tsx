// Status, name and model filters for the engine table; labelled controls, applied as the user types. The
// remaining-life range, chosen on the histogram, shows here while it applies.
import { useId } from 'react';
import { ModelSelect, type ModelChoice } from '../../../components/model-select';
import { ENGINE_HEALTH_LABELS, type EngineHealth } from '../../../components/status-badge';
import type { FleetFilter } from '../lib/filter-params';
import { RulRangeFilter } from './rul-range-filter';

export function FleetFilters({
  value,
  onChange,
  models,
}: {
  value: FleetFilter;
  onChange: (next: FleetFilter) => void;
  /** The served models (undefined while they load). */
  models: readonly ModelChoice[] | undefined;
}) {
  const statusId = useId();
  const nameId = useId();
  return (
    <div className="filters" role="search" aria-label="Filter engines">
      <div className="field">
        <label htmlFor={statusId}>Status</label>
        <select
          id={statusId}
          value={value.status}
          onChange={(event) => onChange({ ...value, status: event.target.value as FleetFilter['status'] })}
        >
          <option value="">All statuses</option>
          {(Object.keys(ENGINE_HEALTH_LABELS) as EngineHealth[]).map((status) => (
            <option key={status} value={status}>
              {ENGINE_HEALTH_LABELS[status]}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={nameId}>Engine name</label>
        <input
          id={nameId}
          type="search"
          value={value.name}
          placeholder="e.g. FD001-7"
          onChange={(event) => onChange({ ...value, name: event.target.value })}
        />
      </div>
      <ModelSelect
        label="Model"
        value={value.model}
        models={models}
        emptyLabel="All models"
        onChange={(model) => onChange({ ...value, model })}
      />
      {value.rul ? (
        <RulRangeFilter range={value.rul} onClear={() => onChange({ ...value, rul: null })} />
      ) : null}
    </div>
  );
}
