// Honest placeholder for views whose API endpoints do not exist yet: no invented data.
import { StatusBadge } from './status-badge';

export function NeedsApiSupport({
  view,
  endpoints,
  purpose,
}: {
  view: string;
  endpoints: string[];
  purpose: string;
}) {
  return (
    <section className="panel" aria-labelledby="needs-api-title">
      <h2 id="needs-api-title">
        <StatusBadge tone="neutral">Coming next</StatusBadge> {view} needs API support that is not released
        yet
      </h2>
      <p>{purpose}</p>
      <p>
        This view will use {endpoints.length === 1 ? 'the endpoint' : 'the endpoints'}{' '}
        {endpoints.map((endpoint, i) => (
          <span key={endpoint}>
            {i > 0 ? ', ' : ''}
            <code>{endpoint}</code>
          </span>
        ))}
        , which the API does not offer in this version. Nothing is shown here until it does.
      </p>
    </section>
  );
}
