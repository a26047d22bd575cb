// What came back: a summary line, the chart, the table and a CSV download.
import { EmptyState } from '../../../components/async-states';
import { downloadText } from '../../../lib/files/download';
import type { BatchResponse } from '../api/predict-batch';
import { predictionsToCsv } from '../lib/results-to-csv';
import { PredictionChart } from './prediction-chart';
import { PredictionTable } from './prediction-table';

export function PredictionResults({ response }: { response: BatchResponse }) {
  const { predictions } = response;
  if (predictions.length === 0) {
    return <EmptyState title="No predictions">The API returned no engines for this input.</EmptyState>;
  }
  const models = [
    ...new Map(predictions.map((p) => [`${p.model.name} ${p.model.version}`, p.model])).values(),
  ];
  return (
    <section className="panel stack" aria-labelledby="prediction-results-title">
      <div className="page-header">
        <div>
          <h2 id="prediction-results-title">
            {predictions.length} {predictions.length === 1 ? 'engine' : 'engines'} predicted
          </h2>
          <p className="muted">
            {models.length === 1 ? 'Model' : 'Models'}{' '}
            {models.map((m) => `${m.name} ${m.version}`).join(', ')}
          </p>
        </div>
        <button
          type="button"
          onClick={() => downloadText('rul-predictions.csv', predictionsToCsv(predictions))}
        >
          Download CSV
        </button>
      </div>
      <PredictionChart predictions={predictions} />
      <PredictionTable predictions={predictions} />
    </section>
  );
}
