// Versions and the places an operator goes next: API docs, the OpenAPI document, metrics, Grafana.
import { useApi } from '../../../lib/api/api-context';
import { useReadiness } from '../api/get-readiness';

export function LinksPanel() {
  const { apiBaseUrl, env } = useApi();
  const readiness = useReadiness();
  const models = readiness.data?.ready ? readiness.data.body.models : [];
  return (
    <section className="panel stack" aria-labelledby="links-title">
      <h2 id="links-title">Versions and links</h2>
      <dl className="facts">
        <dt>Dashboard</dt>
        <dd>{__DASHBOARD_VERSION__}</dd>
        <dt>{models.length === 1 ? 'Model served' : 'Models served'}</dt>
        <dd>
          {models.length === 0 ? (
            '–'
          ) : (
            <ul className="plain-list">
              {models.map((m) => (
                <li key={m.name}>{`${m.name} ${m.version}`}</li>
              ))}
            </ul>
          )}
        </dd>
        <dt>API</dt>
        <dd>
          <code>{apiBaseUrl}</code>
        </dd>
      </dl>
      <ul>
        <li>
          <a href={`${apiBaseUrl}/docs`} target="_blank" rel="noreferrer">
            API documentation
          </a>
        </li>
        <li>
          <a href={`${apiBaseUrl}/openapi.json`} target="_blank" rel="noreferrer">
            OpenAPI document
          </a>
        </li>
        <li>
          <a href={`${apiBaseUrl}/metrics`} target="_blank" rel="noreferrer">
            Prometheus metrics
          </a>
        </li>
        <li>
          {env.grafanaUrl ? (
            <a href={env.grafanaUrl} target="_blank" rel="noreferrer">
              Grafana dashboards
            </a>
          ) : (
            <span>
              Grafana: not configured (set <code>VITE_GRAFANA_URL</code> when building the dashboard)
            </span>
          )}
        </li>
      </ul>
    </section>
  );
}
