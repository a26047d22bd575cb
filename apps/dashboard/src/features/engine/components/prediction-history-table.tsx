// Every stored prediction of one engine, newest first, with the model name and version that made it.
import { ModelName } from '../../../components/model-name';
import { formatCycles } from '../../../lib/format/format-number';

export interface HistoryRow {
  cycle: number;
  rul: number;
  lower: number;
  upper: number;
  modelVersion: string;
  /** Null for predictions stored before models had names. */
  modelName?: string | null;
  predictedAt?: string | null;
}

export function PredictionHistoryTable({ rows }: { rows: HistoryRow[] }) {
  const sorted = [...rows].sort((a, b) => b.cycle - a.cycle);
  return (
    <div className="table-scroll history">
      <table>
        <caption className="visually-hidden">Prediction history</caption>
        <thead>
          <tr>
            <th scope="col" className="num">
              Cycle
            </th>
            <th scope="col" className="num">
              RUL
            </th>
            <th scope="col" className="num">
              Interval
            </th>
            <th scope="col">Model</th>
            <th scope="col">Predicted</th>
          </tr>
        </thead>
        <tbody>
          {sorted.map((row) => (
            <tr key={`${row.cycle}-${row.modelName ?? ''}-${row.modelVersion}`}>
              <th scope="row" className="num">
                {row.cycle}
              </th>
              <td className="num">{formatCycles(row.rul)}</td>
              <td className="num">
                {formatCycles(row.lower)} – {formatCycles(row.upper)}
              </td>
              <td>
                {row.modelName ? (
                  <>
                    <ModelName name={row.modelName} />{' '}
                  </>
                ) : null}
                <span>{row.modelVersion}</span>
              </td>
              <td>{row.predictedAt ? new Date(row.predictedAt).toLocaleString('en') : '–'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
