// Status and name filters for the engine table; labelled controls, applied as the user types.
import { useId } from 'react';
import { ENGINE_HEALTH_LABELS, type EngineHealth } from '../../../components/status-badge';

export interface FleetFilter {
  status: EngineHealth | '';
  name: string;
}

export function FleetFilters({
  value,
  onChange,
}: {
  value: FleetFilter;
  onChange: (next: FleetFilter) => void;
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
    </div>
  );
}
