// Input drift per channel: recent fleet telemetry against the active model's training statistics,
// with the channels over the threshold flagged in words.
import { QueryView } from '../../../components/async-states';
import { StatusBadge } from '../../../components/status-badge';
import { useDrift, type Drift } from '../api/get-drift';
import { DriftTable } from './drift-table';

function DriftBody({ drift }: { drift: Drift }) {
  if (drift.cycles === 0) {
    return (
      <p className="muted">
        No fleet telemetry yet: drift is measured over the most recent cycles the fleet reports.
      </p>
    );
  }
  return (
    <>
      <p>
        {drift.drifting.length > 0 ? (
          <StatusBadge tone="warning">
            {drift.drifting.length} channel{drift.drifting.length === 1 ? '' : 's'} drifting
          </StatusBadge>
        ) : (
          <StatusBadge tone="ok">No channel drifting</StatusBadge>
        )}{' '}
        <span className="muted">
          {drift.model.name} {drift.model.version}; last {drift.cycles.toLocaleString('en')} cycles of the
          fleet (window {drift.window.toLocaleString('en')}); score = |recent mean − training mean| / training
          std.
        </span>
      </p>
      {drift.drifting.length > 0 ? (
        <p>
          Flagged: <strong>{drift.drifting.join(', ')}</strong>
        </p>
      ) : null}
      <DriftTable
        threshold={drift.threshold}
        rows={drift.channels.map((c) => ({
          channel: c.channel,
          score: c.score,
          flagged: c.flagged,
          recentMean: c.recent.mean,
          trainingMean: c.training.mean,
        }))}
      />
    </>
  );
}

export function DriftPanel() {
  const query = useDrift();
  return (
    <section className="panel stack" aria-labelledby="drift-title">
      <h2 id="drift-title">Input drift per channel</h2>
      <QueryView query={query} loadingLabel="Measuring drift…" errorTitle="Drift could not be measured">
        {(drift) => <DriftBody drift={drift} />}
      </QueryView>
    </section>
  );
}
