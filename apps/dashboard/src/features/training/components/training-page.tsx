// Training view: start a job, follow its epochs and validation loss live, open the model it produced.
import { useState } from 'react';
import { QueryView } from '../../../components/async-states';
import { LiveIndicator } from '../../../components/live-indicator';
import { PageHeader } from '../../../components/page-header';
import { queryKeys } from '../../../lib/api/query-keys';
import { useLiveInvalidation } from '../../../lib/events/use-live-invalidation';
import { useTrainingJob } from '../api/get-training-job';
import { useTrainingJobs } from '../api/get-training-jobs';
import { useStartTrainingJob } from '../api/start-training-job';
import { targetFields } from '../lib/job-target';
import { toJobRow, toJobView } from '../lib/job-view';
import { JobProgress } from './job-progress';
import { JobsTable } from './jobs-table';
import { StartJobForm, type StartJobInput } from './start-job-form';

const POLL_SECONDS = 3;
const LIVE_KEYS = [queryKeys.trainingJobs.all];

function SelectedJob({ id, pollMs }: { id: string; pollMs: number | false }) {
  const query = useTrainingJob(id, pollMs);
  return (
    <QueryView
      query={query}
      loadingLabel="Loading the job…"
      errorTitle={`Training job ${id} could not be loaded`}
    >
      {(job) => <JobProgress job={toJobView(job)} />}
    </QueryView>
  );
}

export function TrainingPage() {
  const mode = useLiveInvalidation(['training', 'model'], LIVE_KEYS, { throttleMs: 500 });
  const pollMs = mode === 'live' ? false : POLL_SECONDS * 1000;
  const jobs = useTrainingJobs(pollMs === false ? 30_000 : pollMs);
  const start = useStartTrainingJob();
  const [selected, setSelected] = useState<string | null>(null);
  const shown = selected ?? jobs.data?.items[0]?.id ?? null;

  const onStart = async (input: StartJobInput) => {
    const text = input.source === 'upload' && input.file ? await input.file.text() : undefined;
    start.mutate(
      {
        data: input.source,
        ...(text !== undefined ? { text } : {}),
        ...targetFields(input.subset, input.model),
        params: { epochs: input.epochs, seeds: Array.from({ length: input.seeds }, (_, i) => i) },
      },
      { onSuccess: (job) => setSelected(job.id) },
    );
  };

  return (
    <>
      <PageHeader
        title="Training"
        description="Train a new model version on the fleet’s run-to-failure histories or an uploaded file."
        actions={<LiveIndicator mode={mode} pollSeconds={POLL_SECONDS} />}
      />
      <StartJobForm onStart={(input) => void onStart(input)} pending={start.isPending} error={start.error} />
      {shown ? <SelectedJob id={shown} pollMs={pollMs} /> : null}
      <section className="panel stack" aria-labelledby="jobs-title">
        <h2 id="jobs-title">Recent jobs</h2>
        <QueryView
          query={jobs}
          loadingLabel="Loading training jobs…"
          errorTitle="The training jobs could not be loaded"
          isEmpty={(list) => list.items.length === 0}
          empty={<p className="muted">No training job yet. Start one above.</p>}
        >
          {(list) => <JobsTable jobs={list.items.map(toJobRow)} selected={shown} onSelect={setSelected} />}
        </QueryView>
      </section>
    </>
  );
}
