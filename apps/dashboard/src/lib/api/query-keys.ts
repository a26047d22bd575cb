// Every TanStack Query key the dashboard reads or invalidates, in one place. A query and the
// mutations that make it stale take the key from here, so no feature spells another feature's key.
// Keys nest: invalidating a prefix such as `models.all` refreshes every query below it.
export const queryKeys = {
  fleet: {
    summary: ['fleet', 'summary'],
  },
  engines: {
    list: ['engines', 'list'],
    detail: (id: string) => ['engines', 'detail', id] as const,
    telemetry: (id: string) => ['engines', 'telemetry', id] as const,
  },
  models: {
    all: ['models'],
    registry: ['models', 'registry'],
    version: (version: string) => ['models', 'registry', version] as const,
    served: ['models', 'served'],
    active: ['models', 'active'],
    /** One served model's card by name (GET /models/active?model=). */
    card: (name: string) => ['models', 'card', name] as const,
    drift: ['models', 'active', 'drift'],
  },
  trainingJobs: {
    all: ['training-jobs'],
    list: ['training-jobs', 'list'],
    detail: (id: string) => ['training-jobs', 'detail', id] as const,
  },
  health: {
    ready: ['health', 'ready'],
  },
} as const;

export const mutationKeys = {
  predictBatch: ['predict', 'batch'],
} as const;
