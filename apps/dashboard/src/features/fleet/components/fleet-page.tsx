// Fleet view: summary tiles and every engine in a sortable, filterable table, kept fresh by the API's
// event stream (or by polling when the stream is unavailable).
import { useDeferredValue, useState } from 'react';
import { useSearchParams } from 'react-router';
import { EmptyState, ErrorState, LoadingState, QueryView } from '../../../components/async-states';
import { LiveIndicator } from '../../../components/live-indicator';
import { PageHeader } from '../../../components/page-header';
import { Pagination } from '../../../components/pagination';
import { queryKeys } from '../../../lib/api/query-keys';
import { useServedModels } from '../../../lib/api/served-models';
import { useLiveInvalidation } from '../../../lib/events/use-live-invalidation';
import { useEngines, type Engine } from '../api/get-engines';
import { useFleetSummary } from '../api/get-fleet-summary';
import { EngineTable, type EngineRowView, type SortState } from './engine-table';
import { FleetFilters } from './fleet-filters';
import { FleetSummaryTiles } from './fleet-summary-tiles';
import { isOutOfRange } from '../../../lib/format/prediction-warnings';
import { filterFromParams, filterToParams, type FleetFilter } from '../lib/filter-params';

const PAGE_SIZE = 50;
const POLL_SECONDS = 10;
const LIVE_KEYS = [queryKeys.engines.list, queryKeys.fleet.summary, queryKeys.models.served];

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

export function FleetPage() {
  const [params, setParams] = useSearchParams();
  const filter = filterFromParams(params);
  const setFilter = (next: FleetFilter) =>
    setParams(filterToParams(next), { replace: true, preventScrollReset: true });
  const [sort, setSort] = useState<SortState>({ key: 'rul', direction: 'asc' });
  const [offset, setOffset] = useState(0);
  const name = useDeferredValue(filter.name.trim());

  const mode = useLiveInvalidation(['prediction', 'status', 'model'], LIVE_KEYS);
  const pollMs = mode === 'live' ? false : POLL_SECONDS * 1000;
  const summary = useFleetSummary(pollMs);
  const served = useServedModels();
  const engines = useEngines(
    {
      ...(filter.status ? { status: filter.status } : {}),
      ...(name ? { name } : {}),
      ...(filter.model ? { model: filter.model } : {}),
      sort: sort.key,
      order: sort.direction,
      limit: PAGE_SIZE,
      offset,
    },
    pollMs,
  );

  return (
    <>
      <PageHeader
        title="Fleet"
        description="Every engine’s health and remaining useful life at a glance."
        actions={<LiveIndicator mode={mode} pollSeconds={POLL_SECONDS} />}
      />
      <QueryView
        query={summary}
        loadingLabel="Loading the fleet summary…"
        errorTitle="The fleet summary could not be loaded"
      >
        {(s) => (
          <FleetSummaryTiles
            summary={{
              total: s.total,
              counts: s.counts,
              lowestRul: s.minRul,
              thresholds: s.thresholds,
              model: s.model,
              models: s.models,
            }}
          />
        )}
      </QueryView>
      <section className="panel" aria-labelledby="engines-title">
        <h2 id="engines-title">Engines</h2>
        <FleetFilters
          value={filter}
          models={served.data}
          onChange={(next) => {
            setFilter(next);
            setOffset(0);
          }}
        />
        {engines.isPending ? (
          <LoadingState label="Loading engines…" />
        ) : engines.error || !engines.data ? (
          <ErrorState
            title="The engines could not be loaded"
            error={engines.error}
            onRetry={() => void engines.refetch()}
          />
        ) : engines.data.items.length === 0 ? (
          filter.status || name || filter.model ? (
            <EmptyState title="No engine matches these filters">
              <p>Clear the status, name or model filter to see every engine.</p>
            </EmptyState>
          ) : (
            <EmptyState title="No engines yet">
              <p>
                Engines appear once telemetry arrives (<code>POST /engines/&#123;id&#125;/telemetry</code>) or
                a fleet is imported (<code>POST /fleet/import</code>).
              </p>
            </EmptyState>
          )
        ) : (
          <>
            <EngineTable
              rows={engines.data.items.map(toRow)}
              sort={sort}
              onSort={(next) => {
                setSort(next);
                setOffset(0);
              }}
            />
            <Pagination
              offset={engines.data.offset}
              limit={engines.data.limit}
              total={engines.data.total}
              onChange={setOffset}
              label="Engine pages"
            />
          </>
        )}
      </section>
    </>
  );
}
