/// <reference types="vite/client" />

/** package.json version, injected by vite.config.ts. */
declare const __DASHBOARD_VERSION__: string;

interface ImportMetaEnv {
  readonly VITE_API_BASE_URL?: string;
  readonly VITE_GRAFANA_URL?: string;
}
