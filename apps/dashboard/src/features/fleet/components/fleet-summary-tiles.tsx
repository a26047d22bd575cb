// Counts per status, the engine closest to failure and the model in service, as tiles.
import { Link } from 'react-router';
import { StatusIcon, type StatusTone } from '../../../components/status-badge';
import { SummaryTile } from '../../../components/summary-tile';
import { formatCycles } from '../../../lib/format/format-number';

export interface FleetSummaryView {
  total: number;
  counts: { healthy: number; warning: number; critical: number; unknown?: number; failed?: number };
  lowest?: { engineId: string; name: string; rul: number } | null;
  model?: { name: string; version: string } | null;
}

function CountTile({ tone, label, value }: { tone: StatusTone; label: string; value: number }) {
  return (
    <SummaryTile
      label={
        <span className={`badge ${tone}`}>
          <StatusIcon tone={tone} />
          <span>{label}</span>
        </span>
      }
      value={value}
    />
  );
}

export function FleetSummaryTiles({ summary }: { summary: FleetSummaryView }) {
  const { counts } = summary;
  const other = (counts.unknown ?? 0) + (counts.failed ?? 0);
  return (
    <section aria-label="Fleet summary" className="tiles">
      <CountTile tone="ok" label="Healthy" value={counts.healthy} />
      <CountTile tone="warning" label="Warning" value={counts.warning} />
      <CountTile tone="critical" label="Critical" value={counts.critical} />
      <SummaryTile
        label="Engines"
        value={summary.total}
        detail={other > 0 ? `${counts.unknown ?? 0} unknown, ${counts.failed ?? 0} failed` : undefined}
      />
      <SummaryTile
        label="Lowest RUL"
        value={summary.lowest ? `${formatCycles(summary.lowest.rul)}` : '–'}
        detail={
          summary.lowest ? (
            <Link to={`/engines/${encodeURIComponent(summary.lowest.engineId)}`}>
              Engine {summary.lowest.name}
            </Link>
          ) : (
            'No predictions yet'
          )
        }
      />
      <SummaryTile
        label="Model in service"
        value={summary.model ? summary.model.version : '–'}
        detail={summary.model ? summary.model.name : 'No model loaded'}
      />
    </section>
  );
}
