// One model name: its active version, whether this API serves it, roll back, the versions and (when
// one of them is picked) two versions compared.
import { useId } from 'react';
import { StatusBadge } from '../../../components/status-badge';
import type { ServedModel } from '../../../lib/api/served-models';
import type { ComparedPair, ModelGroup } from '../lib/model-groups';
import { ModelComparison } from './model-comparison';
import { ModelRegistryTable, type ModelRowView } from './model-registry-table';
import { TrainingDataCell } from './training-data-cell';

export function ModelNameSection({
  group,
  served,
  compared,
  onCompare,
  onActivate,
  onRollback,
}: {
  group: ModelGroup<ModelRowView>;
  /** This name as the API serves it (undefined: not served here). */
  served: ServedModel | undefined;
  compared: ComparedPair<ModelRowView> | null;
  onCompare: (candidate: string | null, base?: string | null) => void;
  onActivate: (version: string) => void;
  onRollback: () => void;
}) {
  const titleId = useId();
  const { name, active, versions } = group;
  return (
    <section className="panel stack" aria-labelledby={titleId}>
      <div className="page-header">
        <div>
          <h2 id={titleId}>{name}</h2>
          <p className="muted">
            {active ? (
              <>
                Active version <strong>{active.version}</strong>
              </>
            ) : (
              'No active version'
            )}
            {' · '}
            {versions.length} {versions.length === 1 ? 'version' : 'versions'}
            {served ? (
              <>
                {' · '}
                <StatusBadge tone={served.state === 'ready' ? 'ok' : 'warning'}>
                  {served.default ? 'Served, default' : 'Served'}
                </StatusBadge>
              </>
            ) : null}
          </p>
        </div>
        <button type="button" onClick={onRollback} disabled={!active}>
          Roll back {name}…
        </button>
      </div>
      {compared ? (
        <ModelComparison
          name={name}
          versions={versions}
          candidate={compared.candidate}
          base={compared.base}
          onPick={(candidate, base) => onCompare(candidate, base)}
          onActivate={onActivate}
          onClose={() => onCompare(null)}
        />
      ) : null}
      <ModelRegistryTable
        name={name}
        models={versions}
        selected={compared ? [compared.candidate.version, compared.base?.version ?? ''] : []}
        onCompare={(version) => onCompare(version)}
        onActivate={onActivate}
        trainingData={(version) => <TrainingDataCell version={version} />}
      />
    </section>
  );
}
