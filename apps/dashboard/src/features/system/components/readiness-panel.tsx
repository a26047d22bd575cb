// Readiness checks from /health/ready, polled; a 503 lists what is failing.
import { LoadingState, ErrorState } from '../../../components/async-states';
import { StatusBadge } from '../../../components/status-badge';
import { useReadiness } from '../api/get-readiness';

function formatUptime(seconds: number): string {
  const d = Math.floor(seconds / 86_400);
  const h = Math.floor((seconds % 86_400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  return d > 0 ? `${d} d ${h} h` : h > 0 ? `${h} h ${m} min` : `${m} min ${seconds % 60} s`;
}

export function ReadinessPanel() {
  const query = useReadiness();
  return (
    <section className="panel stack" aria-labelledby="readiness-title">
      <h2 id="readiness-title">API readiness</h2>
      {query.isPending ? (
        <LoadingState label="Checking the API…" />
      ) : query.error || !query.data ? (
        <ErrorState
          title="The API cannot be reached"
          error={query.error}
          onRetry={() => void query.refetch()}
        />
      ) : query.data.ready ? (
        <>
          <p>
            <StatusBadge tone="ok">Ready</StatusBadge>{' '}
            <span className="muted">up {formatUptime(query.data.body.uptimeSeconds)}</span>
          </p>
          <ul className="stack plain-list" aria-label="Readiness checks">
            {query.data.body.checks.map((check) => (
              <li key={check.name} className="row">
                <StatusBadge tone={check.ok ? 'ok' : 'critical'}>{check.ok ? 'Pass' : 'Fail'}</StatusBadge>
                <strong>{check.name}</strong>
                {check.detail ? <span className="muted">{check.detail}</span> : null}
              </li>
            ))}
          </ul>
        </>
      ) : (
        <>
          <p>
            <StatusBadge tone="critical">Not ready</StatusBadge> <span>{query.data.body.message}</span>
          </p>
          {query.data.body.details?.length ? (
            <ul aria-label="Failing checks">
              {query.data.body.details.map((detail, i) => (
                <li key={detail.path ?? i}>
                  <strong>{detail.path ?? 'check'}</strong>: {detail.message}
                </li>
              ))}
            </ul>
          ) : null}
        </>
      )}
    </section>
  );
}
