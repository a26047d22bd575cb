// Models view: the registry grouped by model name, each name with its active version and roll back;
// two versions of one name compared metric by metric; activation and roll back behind a confirmation;
// uploading a new version.
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { EmptyState, QueryView } from '../../../components/async-states';
import { ConfirmDialog } from '../../../components/confirm-dialog';
import { PageHeader } from '../../../components/page-header';
import { describeError } from '../../../lib/api/api-error';
import { useServedModels } from '../../../lib/api/served-models';
import { useActivateModel } from '../api/activate-model';
import { useModels, type ModelList } from '../api/get-models';
import { useRollbackModel } from '../api/rollback-model';
import { useUploadModel } from '../api/upload-model';
import { comparedPair, groupByName } from '../lib/model-groups';
import { metricsFrom } from '../lib/model-metrics';
import { ModelNameSection } from './model-name-section';
import type { ModelRowView } from './model-registry-table';
import { UploadModelForm } from './upload-model-form';

type Pending =
  { kind: 'activate'; name: string; version: string } | { kind: 'rollback'; name: string } | null;

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
  const served = useServedModels().data;
  const [params, setParams] = useSearchParams();
  const [pending, setPending] = useState<Pending>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const activate = useActivateModel();
  const rollback = useRollbackModel();
  const upload = useUploadModel();
  const busy = activate.isPending || rollback.isPending;

  // ?version= is the version compared, ?with= the one it is compared with (default: its name's active one).
  const compare = (version: string | null, base?: string | null) =>
    setParams(version ? { version, ...(base ? { with: base } : {}) } : {}, {
      replace: true,
      preventScrollReset: true,
    });

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
          setNotice(
            `Version ${result.version} of ${result.name} is now in service (was ${result.previousVersion ?? 'none'}).`,
          );
          compare(null);
          setPending(null);
        },
      });
    } else {
      rollback.mutate(pending.name, {
        onSuccess: (result) => {
          setNotice(
            `Rolled back ${result.name}: version ${result.version} is in service again (was ${result.previousVersion ?? 'none'}).`,
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
        description="Registered versions of each model, their validation metrics, and which version of each serves predictions."
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
        {(list) =>
          groupByName(
            list.items.map(toRow),
            served?.map((m) => m.name),
          ).map((group) => (
            <ModelNameSection
              key={group.name}
              group={group}
              served={served?.find((m) => m.name === group.name)}
              compared={comparedPair(group, params.get('version'), params.get('with'))}
              onCompare={compare}
              onActivate={(version) => setPending({ kind: 'activate', name: group.name, version })}
              onRollback={() => setPending({ kind: 'rollback', name: group.name })}
            />
          ))
        }
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
            ? `Activate version ${pending.version} of ${pending.name}?`
            : `Roll back ${pending?.name ?? 'the model'} to its previous version?`
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
            ? `Every new prediction by ${pending.name} will come from ${pending.version}. It is loaded and checked against its golden examples first; requests in flight finish on the current version. Other models are left alone.`
            : `The version of ${pending?.name ?? 'this model'} that was active before serves again; the current one stays in the registry. Other models are left alone.`}
        </p>
      </ConfirmDialog>
    </>
  );
}
