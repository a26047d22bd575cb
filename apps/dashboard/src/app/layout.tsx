// The frame around every view: skip link, navigation for the six views, API key control.
import { NavLink, Outlet, useLocation } from 'react-router';
import { ErrorBoundary } from '../components/error-boundary';
import { useApi } from '../lib/api/api-context';
import { useApiKeyState } from '../lib/auth/api-key-store';

const NAV = [
  { to: '/fleet', label: 'Fleet' },
  { to: '/engines', label: 'Engine' },
  { to: '/predict', label: 'Predict' },
  { to: '/models', label: 'Models' },
  { to: '/training', label: 'Training' },
  { to: '/system', label: 'System' },
] as const;

export function Layout() {
  const location = useLocation();
  const { apiKeys } = useApi();
  const { apiKey } = useApiKeyState(apiKeys);

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <aside className="sidebar">
        <div className="brand">
          RUL Monitor<small>Remaining useful life</small>
        </div>
        <nav aria-label="Views">
          <ul className="nav">
            {NAV.map((item) => (
              <li key={item.to}>
                <NavLink to={item.to}>{item.label}</NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <div className="sidebar-footer stack">
          <span>{apiKey ? 'API key set for this session' : 'No API key set'}</span>
          <div className="row">
            <button type="button" onClick={() => apiKeys.requestKey()}>
              {apiKey ? 'Change API key' : 'API key'}
            </button>
            {apiKey ? (
              <button type="button" onClick={() => apiKeys.clear()}>
                Forget key
              </button>
            ) : null}
          </div>
        </div>
      </aside>
      <main id="main" className="main" tabIndex={-1}>
        <ErrorBoundary resetKey={location.pathname}>
          <Outlet />
        </ErrorBoundary>
      </main>
    </div>
  );
}
