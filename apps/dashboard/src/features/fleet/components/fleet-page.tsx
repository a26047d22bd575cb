// Fleet view: summary tiles, the remaining-life bands and the engine list, kept fresh by the API's event
// stream (or by polling when the stream is unavailable).
import { LiveIndicator } from '../../../components/live-indicator';
import { PageHeader } from '../../../components/page-header';
import { QueryView } from '../../../components/async-states';
import { queryKeys } from '../../../lib/api/query-keys';
import { useLiveInvalidation } from '../../../lib/events/use-live-invalidation';
import { useFleetSummary } from '../api/get-fleet-summary';
import { useFleetListParams } from '../lib/use-fleet-list-params';
import { EngineList } from './engine-list';
import { FleetSummaryTiles } from './fleet-summary-tiles';
import { RulBandHistogram } from './rul-band-histogram';

const POLL_SECONDS = 10;
const LIVE_KEYS = [queryKeys.engines.list, queryKeys.fleet.summary, queryKeys.models.served];

export function FleetPage() {
  const mode = useLiveInvalidation(['prediction', 'status', 'model'], LIVE_KEYS);
  const pollMs = mode === 'live' ? false : POLL_SECONDS * 1000;
  const summary = useFleetSummary(pollMs);
  const list = useFleetListParams();

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
          <>
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
            <RulBandHistogram
              bands={s.bands}
              thresholds={s.thresholds}
              selected={list.filter.rul}
              onSelect={(rul) => list.show({ ...list.filter, rul })}
            />
          </>
        )}
      </QueryView>
      <EngineList pollMs={pollMs} />
    </>
  );
}
