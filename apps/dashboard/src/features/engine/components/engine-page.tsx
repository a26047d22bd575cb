// Engine view: RUL over cycles with its band and thresholds, chosen sensors, the latest prediction,
// the model judging the engine, recording a failure, and the prediction history.
import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { QueryView } from '../../../components/async-states';
import { PageHeader } from '../../../components/page-header';
import { HealthBadge } from '../../../components/status-badge';
import { useServedModels, type ServedModel } from '../../../lib/api/served-models';
import { useEngine, type EngineDetail } from '../api/get-engine';
import { useRecordFailure } from '../api/record-failure';
import { useServedModel } from '../api/get-served-model';
import { useSetEngineModel } from '../api/set-engine-model';
import { useStatusThresholds } from '../api/get-status-thresholds';
import { EngineModelPanel } from './engine-model-panel';
import { EngineSensorsPanel } from './engine-sensors-panel';
import { FailureForm } from './failure-form';
import { LatestPredictionCard } from './latest-prediction-card';
import { PredictionHistoryTable } from './prediction-history-table';
import { RemoveEngine } from './remove-engine';
import { RulHistoryChart } from './rul-history-chart';
import { isOutOfRange, warningLabel } from '../../../lib/format/prediction-warnings';

function ChooseEngine() {
  const navigate = useNavigate();
  const [id, setId] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (id.trim()) void navigate(`/engines/${encodeURIComponent(id.trim())}`);
  };
  return (
    <section className="panel stack" aria-labelledby="choose-engine-title">
      <h2 id="choose-engine-title">Choose an engine</h2>
      <p>
        Open one from the <Link to="/fleet">fleet table</Link>, or enter its id.
      </p>
      <form className="row" onSubmit={submit}>
        <label htmlFor="engine-id">Engine id</label>
        <input
          id="engine-id"
          value={id}
          onChange={(event) => setId(event.target.value)}
          placeholder="ENG-1"
        />
        <button type="submit" className="primary" disabled={!id.trim()}>
          Open engine
        </button>
      </form>
    </section>
  );
}

type Engine = EngineDetail['engine'];

/** Why the latest prediction may not be what the engine's model would say now. */
function staleModelNotes(
  engine: Engine,
  servedModels: readonly ServedModel[] | undefined,
  defaultVersion: string | undefined,
): string[] {
  const p = engine.prediction;
  if (!p) return [];
  if (engine.model && p.modelName && p.modelName !== engine.model)
    return [`Made by ${p.modelName}; the engine is now judged by ${engine.model}.`];
  if (p.modelName) {
    const current = servedModels?.find((m) => m.name === p.modelName);
    return current && current.version !== p.modelVersion
      ? [`Made by ${p.modelName} ${p.modelVersion}; ${current.version} is in service now.`]
      : [];
  }
  // A prediction stored before models had names: compare with the default model.
  return defaultVersion && p.modelVersion !== defaultVersion
    ? [`Made by model ${p.modelVersion}; ${defaultVersion} is in service now.`]
    : [];
}

function EngineDetailView({ engineId }: { engineId: string }) {
  const query = useEngine(engineId);
  const served = useServedModel().data;
  const servedModels = useServedModels().data;
  const thresholds = useStatusThresholds().data ?? null;
  const failure = useRecordFailure(engineId);
  const assign = useSetEngineModel(engineId);
  return (
    <QueryView
      query={query}
      loadingLabel="Loading the engine…"
      errorTitle={`Engine ${engineId} could not be loaded`}
    >
      {({ engine, predictions }) => {
        const p = engine.prediction;
        const level = served?.intervalLevel ?? 0.9;
        const history = predictions.items.map((item) => ({
          cycle: item.cycle,
          rul: item.rul,
          lower: item.interval.lower,
          upper: item.interval.upper,
          modelVersion: item.modelVersion,
          modelName: item.modelName,
          predictedAt: item.createdAt,
        }));
        return (
          <>
            <div className="grid-2">
              <LatestPredictionCard
                status={engine.status}
                prediction={
                  p
                    ? {
                        cycle: p.cycle,
                        rul: p.rul,
                        lower: p.interval.lower,
                        upper: p.interval.upper,
                        level,
                        modelVersion: p.modelVersion,
                        modelName: p.modelName,
                        warnings: [
                          ...p.warnings.map((code) =>
                            isOutOfRange([code])
                              ? `${warningLabel(code)}: the model could not judge this history, so its interval is the whole range.`
                              : `${warningLabel(code)}.`,
                          ),
                          ...(engine.lastCycle != null && p.cycle < engine.lastCycle
                            ? [`Made at cycle ${p.cycle}; telemetry has reached cycle ${engine.lastCycle}.`]
                            : []),
                          ...staleModelNotes(engine, servedModels, served?.version),
                        ],
                        predictedAt: p.predictedAt,
                      }
                    : null
                }
              />
              <FailureForm
                key={engine.id}
                engineName={engine.id}
                lastCycle={engine.lastCycle}
                recordedCycle={engine.failedAtCycle}
                pending={failure.isPending}
                error={failure.error}
                onRecord={(cycle) => failure.mutateAsync(cycle)}
              />
            </div>
            <EngineModelPanel
              key={engine.id}
              engineId={engine.id}
              assigned={engine.model}
              predictedBy={p?.modelName ?? null}
              models={servedModels}
              pending={assign.isPending}
              error={assign.error}
              result={assign.data}
              onChange={(model) => assign.mutate(model)}
            />
            <section className="panel stack" aria-labelledby="rul-chart-title">
              <h2 id="rul-chart-title">RUL over cycles</h2>
              {history.length > 0 ? (
                <RulHistoryChart
                  engineName={engine.id}
                  points={history}
                  level={level}
                  thresholds={thresholds}
                />
              ) : (
                <p className="muted">No predictions stored yet.</p>
              )}
            </section>
            <EngineSensorsPanel engineId={engine.id} channels={served?.channels ?? null} />
            <section className="panel stack" aria-labelledby="history-title">
              <h2 id="history-title">Prediction history</h2>
              {history.length > 0 ? (
                <>
                  <PredictionHistoryTable rows={history} />
                  {predictions.total > predictions.items.length ? (
                    <p className="hint">
                      Showing the latest {predictions.items.length} of {predictions.total} predictions.
                    </p>
                  ) : null}
                </>
              ) : (
                <p className="muted">No predictions stored yet.</p>
              )}
            </section>
          </>
        );
      }}
    </QueryView>
  );
}

export function EnginePage() {
  const { engineId } = useParams();
  const query = useEngine(engineId ?? '');
  const status = engineId ? query.data?.engine.status : undefined;
  return (
    <>
      <PageHeader
        title={engineId ? `Engine ${engineId}` : 'Engine'}
        description="One engine’s RUL over cycles with its interval band, sensor trends, latest prediction and history."
        actions={
          status && engineId ? (
            <>
              <HealthBadge health={status} />
              <RemoveEngine engineId={engineId} />
            </>
          ) : undefined
        }
      />
      {engineId ? <EngineDetailView engineId={engineId} /> : <ChooseEngine />}
    </>
  );
}
