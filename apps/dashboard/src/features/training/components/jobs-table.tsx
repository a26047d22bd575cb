// Recent training jobs, with the data set and model each trains for; choosing one shows its progress.
import { StatusBadge } from '../../../components/status-badge';

export interface JobRowView {
  id: string;
  status: string;
  createdAt: string | null;
  epochsDone: number;
  epochsTotal: number;
  /** The data set and model name the job trains for (null: the API's or trainer's default). */
  subset: string | null;
  model: string | null;
  modelVersion: string | null;
}

export function JobsTable({
  jobs,
  selected,
  onSelect,
}: {
  jobs: JobRowView[];
  selected: string | null;
  onSelect: (id: string) => void;
}) {
  return (
    <div className="table-scroll">
      <table>
        <caption className="visually-hidden">Training jobs</caption>
        <thead>
          <tr>
            <th scope="col">Job</th>
            <th scope="col">Status</th>
            <th scope="col">Started</th>
            <th scope="col" className="num">
              Epochs
            </th>
            <th scope="col">Data set</th>
            <th scope="col">Model name</th>
            <th scope="col">Version</th>
          </tr>
        </thead>
        <tbody>
          {jobs.map((job) => (
            <tr key={job.id} aria-current={selected === job.id}>
              <th scope="row">
                <button type="button" className="link-button" onClick={() => onSelect(job.id)}>
                  {job.id}
                  <span className="visually-hidden">: show progress</span>
                </button>
              </th>
              <td>
                <StatusBadge
                  tone={
                    job.status === 'failed'
                      ? 'critical'
                      : job.status === 'succeeded' || job.status === 'completed'
                        ? 'ok'
                        : job.status === 'running'
                          ? 'warning'
                          : 'neutral'
                  }
                >
                  {job.status}
                </StatusBadge>
              </td>
              <td>{job.createdAt ? new Date(job.createdAt).toLocaleString('en') : '–'}</td>
              <td className="num">
                {job.epochsDone} / {job.epochsTotal}
              </td>
              <td>{job.subset ?? '–'}</td>
              <td>{job.model ?? '–'}</td>
              <td>{job.modelVersion ?? '–'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
