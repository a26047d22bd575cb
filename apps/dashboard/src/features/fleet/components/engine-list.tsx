// The engine list, paged on the server: filters, sort and page size go to GET /engines as query
// parameters (kept in the URL), and pages follow the API's keyset cursors (kept in the history entry),
// so a fleet of any size puts one page of rows in the DOM and stays stable while engines change.
import { useDeferredValue, useId } from 'react';
import { EmptyState, ErrorState, LoadingState } from '../../../components/async-states';
import { Pagination } from '../../../components/pagination';
import { useServedModels } from '../../../lib/api/served-models';
import { isOutOfRange } from '../../../lib/format/prediction-warnings';
import { useEngines, type Engine } from '../api/get-engines';
import { PAGE_SIZES, type PageSize } from '../lib/list-params';
import { rangeQuery } from '../lib/rul-range';
import { useFleetListParams } from '../lib/use-fleet-list-params';
import { EngineTable, type EngineRowView } from './engine-table';
import { FleetFilters } from './fleet-filters';

function toRow(engine: Engine): EngineRowView {
  const p = engine.prediction;
  return {
    id: engine.id,
    name: engine.id,
    status: engine.status,
    lastCycle: engine.lastCycle,
    rul: p ? { value: p.rul, lower: p.interval.lower, upper: p.interval.upper } : null,
    trend: p?.trend ?? null,
    outOfRange: isOutOfRange(p?.warnings ?? []),
    model: engine.model
      ? { name: engine.model, bestFit: false }
      : p?.modelName
        ? { name: p.modelName, bestFit: true }
        : null,
  };
}

function PageSizeSelect({ value, onChange }: { value: PageSize; onChange: (size: PageSize) => void }) {
  const id = useId();
  return (
    <span className="row">
      <label htmlFor={id}>Engines per page</label>
      <select id={id} value={value} onChange={(event) => onChange(Number(event.target.value) as PageSize)}>
        {PAGE_SIZES.map((size) => (
          <option key={size} value={size}>
            {size}
          </option>
        ))}
      </select>
    </span>
  );
}

export function EngineList({ pollMs }: { pollMs: number | false }) {
  const { filter, view, cursors, show, goTo } = useFleetListParams();
  const name = useDeferredValue(filter.name.trim());
  const served = useServedModels();

  const cursor = cursors.at(-1);
  const engines = useEngines(
    {
      ...(filter.status ? { status: filter.status } : {}),
      ...(name ? { name } : {}),
      ...(filter.model ? { model: filter.model } : {}),
      ...rangeQuery(filter.rul),
      sort: view.sort.key,
      order: view.sort.direction,
      limit: view.pageSize,
      ...(cursor ? { cursor } : {}),
    },
    pollMs,
  );
  const firstPage = cursors.length > 0 ? () => goTo([]) : undefined;

  let body;
  if (engines.isPending) {
    body = <LoadingState label="Loading engines…" />;
  } else if (engines.error || !engines.data) {
    body = (
      <>
        <ErrorState
          title="The engines could not be loaded"
          error={engines.error}
          onRetry={() => void engines.refetch()}
        />
        {firstPage ? (
          <button type="button" onClick={firstPage}>
            Back to the first page
          </button>
        ) : null}
      </>
    );
  } else if (engines.data.items.length === 0) {
    body = firstPage ? (
      <EmptyState title="No engines on this page any more">
        <button type="button" onClick={firstPage}>
          Back to the first page
        </button>
      </EmptyState>
    ) : filter.status || name || filter.model || filter.rul ? (
      <EmptyState title="No engine matches these filters">
        <p>Clear the status, name, model or remaining-life filter to see every engine.</p>
      </EmptyState>
    ) : (
      <EmptyState title="No engines yet">
        <p>
          Engines appear once telemetry arrives (<code>POST /engines/&#123;id&#125;/telemetry</code>) or a
          fleet is imported (<code>POST /fleet/import</code>).
        </p>
      </EmptyState>
    );
  } else {
    const { items, total, nextCursor } = engines.data;
    const first = cursors.length * view.pageSize + 1;
    body = (
      <>
        <EngineTable
          rows={items.map(toRow)}
          sort={view.sort}
          onSort={(sort) => show(filter, { ...view, sort })}
        />
        <Pagination
          label="Engine pages"
          first={first}
          last={first + items.length - 1}
          total={total}
          hasPrevious={cursors.length > 0}
          hasNext={nextCursor !== null}
          onPrevious={() => goTo(cursors.slice(0, -1))}
          onNext={() => nextCursor && goTo([...cursors, nextCursor])}
          busy={engines.isPlaceholderData}
        >
          <PageSizeSelect
            value={view.pageSize}
            onChange={(pageSize) => show(filter, { ...view, pageSize })}
          />
        </Pagination>
      </>
    );
  }

  return (
    <section className="panel" aria-labelledby="engines-title">
      <h2 id="engines-title">Engines</h2>
      <FleetFilters value={filter} models={served.data} onChange={(next) => show(next)} />
      {body}
    </section>
  );
}
