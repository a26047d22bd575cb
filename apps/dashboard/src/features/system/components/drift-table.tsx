// Drift per input channel against the training reference; flagged channels say so in words.
import { StatusBadge } from '../../../components/status-badge';

export interface DriftRowView {
  channel: string;
  score: number | null;
  flagged: boolean;
  /** Mean seen in recent telemetry and in training, when the API gives them. */
  recentMean?: number | null;
  trainingMean?: number | null;
}

const fmt = (v: number | null | undefined) =>
  v != null && Number.isFinite(v) ? v.toLocaleString('en', { maximumSignificantDigits: 4 }) : '–';

export function DriftTable({ rows, threshold }: { rows: DriftRowView[]; threshold: number | null }) {
  const sorted = [...rows].sort(
    (a, b) => Number(b.flagged) - Number(a.flagged) || (b.score ?? -Infinity) - (a.score ?? -Infinity),
  );
  const showMeans = rows.some((r) => r.recentMean != null || r.trainingMean != null);
  return (
    <div className="table-scroll">
      <table>
        <caption className="visually-hidden">Drift per input channel</caption>
        <thead>
          <tr>
            <th scope="col">Channel</th>
            <th scope="col" className="num">
              Drift score{threshold != null ? ` (flag above ${fmt(threshold)})` : ''}
            </th>
            {showMeans ? (
              <>
                <th scope="col" className="num">
                  Recent mean
                </th>
                <th scope="col" className="num">
                  Training mean
                </th>
              </>
            ) : null}
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {sorted.map((row) => (
            <tr key={row.channel}>
              <th scope="row">{row.channel}</th>
              <td className="num">{fmt(row.score)}</td>
              {showMeans ? (
                <>
                  <td className="num">{fmt(row.recentMean)}</td>
                  <td className="num">{fmt(row.trainingMean)}</td>
                </>
              ) : null}
              <td>
                {row.flagged ? (
                  <StatusBadge tone="warning">Drifting</StatusBadge>
                ) : (
                  <StatusBadge tone="ok">Within range</StatusBadge>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
