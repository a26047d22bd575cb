// Counts per status, the lowest RUL with the thresholds, and the models in service, as tiles.
import { StatusIcon, type StatusTone } from '../../../components/status-badge';
import { SummaryTile } from '../../../components/summary-tile';
import { formatCycles } from '../../../lib/format/format-number';

export interface FleetSummaryView {
  total: number;
  counts: { healthy: number; warning: number; critical: number; unknown: number; failed: number };
  lowestRul: number | null;
  thresholds: { warning: number; critical: number };
  /** The default model. */
  model: { name: string; version: string; state?: string } | null;
  /** Every model served. */
  models: { name: string; version: string }[];
}

function ModelsTile({ model, models }: Pick<FleetSummaryView, 'model' | 'models'>) {
  if (models.length > 1) {
    return (
      <SummaryTile
        label="Models in service"
        value={models.length}
        detail={model ? `default ${model.name} ${model.version}` : 'No default model loaded'}
      />
    );
  }
  return (
    <SummaryTile
      label="Model in service"
      textValue
      value={model ? model.version : '–'}
      detail={model ? model.name : 'No model loaded'}
    />
  );
}

function CountTile({
  tone,
  label,
  value,
  detail,
}: {
  tone: StatusTone;
  label: string;
  value: number;
  detail: string;
}) {
  return (
    <SummaryTile
      label={
        <span className={`badge ${tone}`}>
          <StatusIcon tone={tone} />
          <span>{label}</span>
        </span>
      }
      value={value}
      detail={detail}
    />
  );
}

export function FleetSummaryTiles({ summary }: { summary: FleetSummaryView }) {
  const { counts, thresholds } = summary;
  return (
    <section aria-label="Fleet summary" className="tiles">
      <CountTile
        tone="ok"
        label="Healthy"
        value={counts.healthy}
        detail={`RUL above ${thresholds.warning}`}
      />
      <CountTile
        tone="warning"
        label="Warning"
        value={counts.warning}
        detail={`RUL ${thresholds.warning} or less`}
      />
      <CountTile
        tone="critical"
        label="Critical"
        value={counts.critical}
        detail={`RUL ${thresholds.critical} or less`}
      />
      <SummaryTile
        label="Engines"
        value={summary.total}
        detail={`${counts.unknown} unknown, ${counts.failed} failed`}
      />
      <SummaryTile
        label="Lowest RUL"
        value={summary.lowestRul != null ? formatCycles(summary.lowestRul) : '–'}
        detail={summary.lowestRul != null ? 'cycles, among engines still running' : 'No predictions yet'}
      />
      <ModelsTile model={summary.model} models={summary.models} />
    </section>
  );
}
