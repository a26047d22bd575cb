// Shown instead of the app when the build-time configuration is invalid, naming the variable.
import type { EnvError } from '../config/env';

export function EnvErrorScreen({ error }: { error: EnvError }) {
  return (
    <main className="main">
      <div className="state error" role="alert">
        <h1>The dashboard is misconfigured</h1>
        <p>
          <code>{error.variable}</code> has an invalid value: {error.message}
        </p>
        <p className="hint">Fix it in the environment used to build the dashboard, then rebuild.</p>
      </div>
    </main>
  );
}
