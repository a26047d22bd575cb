import { NeedsApiSupport } from '../../../components/needs-api-support';
import { PageHeader } from '../../../components/page-header';

export function ModelsPage() {
  return (
    <>
      <PageHeader
        title="Models"
        description="The model registry: metrics, staged versus active, activation and rollback."
      />
      <NeedsApiSupport
        view="Models"
        endpoints={['GET /models', 'POST /models', 'POST /models/{version}/activate']}
        purpose="List registered models with their validation metrics, compare a staged model with the active one, activate or roll back (with confirmation) and upload a new model."
      />
    </>
  );
}
