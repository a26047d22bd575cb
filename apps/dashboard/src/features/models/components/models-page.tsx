// Models view: the registry with validation metrics, a staged model compared with the active one,
// activation and roll back behind a confirmation, and uploading a new version.
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { EmptyState, QueryView } from '../../../components/async-states';
import { ConfirmDialog } from '../../../components/confirm-dialog';
import { PageHeader } from '../../../components/page-header';
import { describeError } from '../../../lib/api/api-error';
import { useActivateModel } from '../api/activate-model';
import { useModels, type ModelList } from '../api/get-models';
import { useRollbackModel } from '../api/rollback-model';
import { useUploadModel } from '../api/upload-model';
import { metricsFrom } from '../lib/model-metrics';
import { ModelComparison } from './model-comparison';
import { ModelRegistryTable, type ModelRowView } from './model-registry-table';
import { TrainingDataCell } from './training-data-cell';
import { UploadModelForm } from './upload-model-form';

type Pending = { kind: 'activate'; version: string } | { kind: 'rollback' } | null;

function toRow(model: ModelList['items'][number]): ModelRowView {
  return {
    version: model.version,
    name: model.name,
    status: model.status,
    createdAt: model.createdAt,
    metrics: metricsFrom(model.metrics),
    active: model.status === 'active',
  };
}

export function ModelsPage() {
  const query = useModels();
  const [params, setParams] = useSearchParams();
  const compared = params.get('version');
  const [pending, setPending] = useState<Pending>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const activate = useActivateModel();
  const rollback = useRollbackModel();
  const upload = useUploadModel();
  const busy = activate.isPending || rollback.isPending;

  const compare = (version: string | null) =>
    setParams(version ? { version } : {}, { replace: true, preventScrollReset: true });

  const close = () => {
    setPending(null);
    activate.reset();
    rollback.reset();
  };

  const confirm = () => {
    if (!pending) return;
    if (pending.kind === 'activate') {
      activate.mutate(pending.version, {
        onSuccess: (result) => {
          setNotice(`Version ${result.version} is now in service (was ${result.previousVersion ?? 'none'}).`);
          compare(null);
          setPending(null);
        },
      });
    } else {
      rollback.mutate(undefined, {
        onSuccess: (result) => {
          setNotice(
            `Rolled back: version ${result.version} is in service again (was ${result.previousVersion}).`,
          );
          setPending(null);
        },
      });
    }
  };

  return (
    <>
      <PageHeader
        title="Models"
        description="Registered model versions, their validation metrics, and which one serves predictions."
        actions={
          <button type="button" onClick={() => setPending({ kind: 'rollback' })}>
            Roll back…
          </button>
        }
      />
      {notice ? (
        <p role="status" className="panel">
          {notice}
        </p>
      ) : null}
      <QueryView
        query={query}
        loadingLabel="Loading the model registry…"
        errorTitle="The model registry could not be loaded"
        isEmpty={(list) => list.items.length === 0}
        empty={
          <EmptyState title="No model registered">
            <p>Upload an ONNX model with its card below, or train one on the Training view.</p>
          </EmptyState>
        }
      >
        {(list) => {
          const rows = list.items.map(toRow);
          const active = rows.find((r) => r.active) ?? null;
          const candidate = compared ? rows.find((r) => r.version === compared && !r.active) : undefined;
          return (
            <>
              {candidate ? (
                <ModelComparison
                  candidate={candidate}
                  active={active}
                  onActivate={(version) => setPending({ kind: 'activate', version })}
                  onClose={() => compare(null)}
                />
              ) : null}
              <section className="panel stack" aria-labelledby="registry-title">
                <h2 id="registry-title">Registry</h2>
                <ModelRegistryTable
                  models={rows}
                  selected={candidate?.version ?? null}
                  onCompare={compare}
                  onActivate={(version) => setPending({ kind: 'activate', version })}
                  trainingData={(version) => <TrainingDataCell version={version} />}
                />
              </section>
            </>
          );
        }}
      </QueryView>
      <UploadModelForm
        pending={upload.isPending}
        error={upload.error}
        uploadedVersion={upload.data?.version ?? null}
        onUpload={async (files) => {
          const model = await upload.mutateAsync(files);
          compare(model.version);
          return model;
        }}
      />
      <ConfirmDialog
        open={pending !== null}
        title={
          pending?.kind === 'activate'
            ? `Activate model ${pending.version}?`
            : 'Roll back to the previous model?'
        }
        confirmLabel={pending?.kind === 'activate' ? 'Activate' : 'Roll back'}
        busy={busy}
        error={
          activate.error || rollback.error ? (
            <p className="input-error">{describeError(activate.error ?? rollback.error)}</p>
          ) : undefined
        }
        onConfirm={confirm}
        onCancel={close}
      >
        <p>
          {pending?.kind === 'activate'
            ? `Every new prediction will come from ${pending.version}. It is loaded and checked against its golden examples first; requests in flight finish on the current model.`
            : 'The previously active version serves again; the current one stays in the registry.'}
        </p>
      </ConfirmDialog>
    </>
  );
}
