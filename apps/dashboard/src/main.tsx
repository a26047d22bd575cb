// Start-up: validate the env first, then render the app (or a screen naming the bad variable).
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/app';
import { EnvErrorScreen } from './app/env-error-screen';
import './app/styles/index.css';
import { EnvError, parseEnv } from './config/env';

const root = createRoot(document.getElementById('root') as HTMLElement);

try {
  const env = parseEnv(import.meta.env);
  root.render(
    <StrictMode>
      <App env={env} />
    </StrictMode>,
  );
} catch (error) {
  if (!(error instanceof EnvError)) throw error;
  console.error(error.message);
  root.render(<EnvErrorScreen error={error} />);
}
