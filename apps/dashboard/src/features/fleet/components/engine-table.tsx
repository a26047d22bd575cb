// Every engine in one table: status (icon + words), the model judging it, last cycle, RUL with its
// interval, recent trend.
import { Link } from 'react-router';
import { ModelName } from '../../../components/model-name';
import { HealthBadge, StatusBadge } from '../../../components/status-badge';
import { formatCycles } from '../../../lib/format/format-number';
import type { SortKey, SortState } from '../lib/list-params';
import { TrendCell } from './trend-cell';

export interface EngineRowView {
  id: string;
  name: string;
  status: string;
  lastCycle: number | null;
  rul: { value: number; lower: number; upper: number } | null;
  /** RUL change per cycle over the recent predictions. */
  trend: number | null;
  /** The latest prediction's history was outside what the model was trained on. */
  outOfRange: boolean;
  /**
   * The model the engine is judged by: its assigned one, or (bestFit) the one the server chose for its
   * latest prediction; null when unassigned and not yet predicted.
   */
  model: { name: string; bestFit: boolean } | null;
}

function SortHeader({
  label,
  column,
  sort,
  onSort,
  numeric,
}: {
  label: string;
  column: SortKey;
  sort: SortState;
  onSort: (next: SortState) => void;
  numeric?: boolean;
}) {
  const active = sort.key === column;
  const next: SortState = {
    key: column,
    direction: active && sort.direction === 'asc' ? 'desc' : 'asc',
  };
  return (
    <th
      scope="col"
      className={numeric ? 'num' : undefined}
      aria-sort={active ? (sort.direction === 'asc' ? 'ascending' : 'descending') : 'none'}
    >
      <button type="button" className="sort" onClick={() => onSort(next)}>
        {label}
        <span aria-hidden="true">{active ? (sort.direction === 'asc' ? ' ▲' : ' ▼') : ' ↕'}</span>
        <span className="visually-hidden">
          , sort {next.direction === 'asc' ? 'ascending' : 'descending'}
        </span>
      </button>
    </th>
  );
}

export function EngineTable({
  rows,
  sort,
  onSort,
}: {
  rows: EngineRowView[];
  sort: SortState;
  onSort: (next: SortState) => void;
}) {
  return (
    <div className="table-scroll">
      <table>
        <caption className="visually-hidden">Engines</caption>
        <thead>
          <tr>
            <SortHeader label="Engine" column="id" sort={sort} onSort={onSort} />
            <th scope="col">Status</th>
            <th scope="col">Model</th>
            <SortHeader label="Last cycle" column="last_cycle" sort={sort} onSort={onSort} numeric />
            <SortHeader label="RUL (cycles)" column="rul" sort={sort} onSort={onSort} numeric />
            <th scope="col" className="num">
              90% interval
            </th>
            <th scope="col">Trend</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id}>
              <th scope="row">
                <Link to={`/engines/${encodeURIComponent(row.id)}`}>{row.name}</Link>
              </th>
              <td>
                <HealthBadge health={row.status} />
                {row.outOfRange ? (
                  <>
                    {' '}
                    <StatusBadge tone="warning">Model cannot judge</StatusBadge>
                  </>
                ) : null}
              </td>
              <td>
                {row.model ? (
                  <ModelName name={row.model.name} bestFit={row.model.bestFit} />
                ) : (
                  <span className="muted">Best fit, none yet</span>
                )}
              </td>
              <td className="num">{row.lastCycle ?? '–'}</td>
              <td className="num">{row.rul ? formatCycles(row.rul.value) : '–'}</td>
              <td className="num">
                {row.rul ? `${formatCycles(row.rul.lower)} – ${formatCycles(row.rul.upper)}` : '–'}
              </td>
              <td>
                <TrendCell slope={row.trend} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
