import { useParams } from 'react-router';
import { NeedsApiSupport } from '../../../components/needs-api-support';
import { PageHeader } from '../../../components/page-header';

export function EnginePage() {
  const { engineId } = useParams();
  return (
    <>
      <PageHeader
        title={engineId ? `Engine ${engineId}` : 'Engine'}
        description="One engine’s RUL over cycles with its 90% band, sensor trends, latest prediction and history."
      />
      <NeedsApiSupport
        view="Engine"
        endpoints={['GET /engines/{id}', 'GET /engines/{id}/predictions', 'POST /engines/{id}/failures']}
        purpose="RUL over cycles with the interval band and warning/critical thresholds, selected sensors, the latest prediction, recording a failure and the prediction history."
      />
    </>
  );
}
