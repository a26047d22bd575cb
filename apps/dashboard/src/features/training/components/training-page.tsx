import { NeedsApiSupport } from '../../../components/needs-api-support';
import { PageHeader } from '../../../components/page-header';

export function TrainingPage() {
  return (
    <>
      <PageHeader title="Training" description="Start a training job and follow it epoch by epoch." />
      <NeedsApiSupport
        view="Training"
        endpoints={['POST /training-jobs', 'GET /training-jobs/{id}']}
        purpose="Start a job, watch epochs and validation loss live, then open the resulting model in the registry."
      />
    </>
  );
}
