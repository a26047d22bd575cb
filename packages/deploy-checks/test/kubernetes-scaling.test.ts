// Real: `kubectl kustomize` of every overlay; the HPAs, the prometheus-adapter rules the overlay ships,
// the ServiceMonitor, the API Ingress and PostgreSQL's connection limit and server settings as rendered; packages/db's pool
// size and the API's bulk body limit read from their source. Faked: no cluster (nothing is applied; the adapter itself is not run).
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { render, type K8sObject } from '../src/kube.js';
import {
  adapterConfigMap,
  adapterRules,
  hpaMetrics,
  servedMetrics,
  type HpaMetric,
} from '../src/metrics-adapter.js';
import { DURABILITY_SETTINGS, memoryNeededMib, mib, serverSettings } from '../src/postgres-settings.js';
import { apiBatchBodyLimitBytes, fromRoot, readRepoFile } from '../src/repo.js';

const overlays = readdirSync(fromRoot('kubernetes/overlays'));
const rendered = new Map(overlays.map((o) => [o, render(fromRoot('kubernetes/overlays', o))]));
const objectsOf = (overlay: string): K8sObject[] => {
  const objects = rendered.get(overlay);
  if (!objects) throw new Error(`no overlay ${overlay}`);
  return objects;
};
const find = (objects: K8sObject[], kind: string, name: string) =>
  objects.find((o) => o.kind === kind && o.metadata.name === name);

/** The custom metrics the API's HPA scales on where prometheus-adapter serves them. */
const QUEUE_METRICS = ['rul_inference_queue_depth', 'rul_ingest_inflight_requests'];
/** Connections kept free of the API's pools: trainer, backup job, event listener, an operator's psql. */
const RESERVED_CONNECTIONS = 20;

/** packages/db's node-postgres pool size per API process (PgDatabase: `max: options.max ?? N`). */
function apiPoolSize(): number {
  const m = /max:\s*options\.max\s*\?\?\s*(\d+)/.exec(readRepoFile('packages/db/src/pg-database.ts'));
  if (!m?.[1]) throw new Error('packages/db/src/pg-database.ts: pool default not found; update this test');
  return Number(m[1]);
}

interface PgContainer {
  args?: string[];
  resources?: { limits?: { memory?: string } };
}
const postgresContainer = (objects: K8sObject[]): PgContainer | undefined => {
  const pg = find(objects, 'StatefulSet', 'rul-postgres');
  const spec = pg?.spec?.['template'] as { spec: { containers: PgContainer[] } } | undefined;
  return spec?.spec.containers[0];
};

/** max_connections as the Postgres container's `-c` arguments set it (PostgreSQL's default: 100). */
function maxConnections(objects: K8sObject[]): number {
  return Number(serverSettings(postgresContainer(objects)?.args ?? []).get('max_connections') ?? 100);
}

for (const overlay of overlays) {
  describe(`overlay ${overlay}: autoscaling`, () => {
    const objects = objectsOf(overlay);
    const served = servedMetrics(adapterRules(objects));

    it('every HPA keeps CPU; its pod metrics are exactly what the shipped adapter rules serve', () => {
      const all = hpaMetrics(objects);
      const hpas = new Set(all.map((x) => x.hpa));
      expect(hpas.size).toBeGreaterThan(0);
      for (const hpa of hpas) {
        const metrics = all.filter((x) => x.hpa === hpa).map((x) => x.metric);
        expect(
          metrics.some((m) => m.type === 'Resource' && m.resource?.name === 'cpu'),
          `${hpa}: CPU`,
        ).toBe(true);
        for (const m of metrics.filter((x) => x.type !== 'Resource')) {
          expect(m.type, `${hpa}: only Pods metrics come from the adapter`).toBe('Pods');
          const name = m.pods?.metric.name;
          expect(
            served.map((s) => s.name),
            `${hpa}: ${name} is served by no rule of the overlay's prometheus-adapter config`,
          ).toContain(name);
        }
      }
    });

    it('the API Ingress streams bodies up to just over the API’s own bulk limit to a replica', () => {
      const annotations = find(objects, 'Ingress', 'rul-api')?.metadata.annotations ?? {};
      const size = /^(\d+)m$/.exec(annotations['nginx.ingress.kubernetes.io/proxy-body-size'] ?? '')?.[1];
      expect(Number(size) * 1024 * 1024).toBeGreaterThan(apiBatchBodyLimitBytes());
      expect(annotations['nginx.ingress.kubernetes.io/proxy-request-buffering']).toBe('off');
    });

    it('PostgreSQL accepts every API replica’s pool at maxReplicas plus the rolling-update surge', () => {
      const hpa = find(objects, 'HorizontalPodAutoscaler', 'rul-api');
      const deploy = find(objects, 'Deployment', 'rul-api');
      const max = hpa?.spec?.['maxReplicas'] as number;
      const surge = (deploy?.spec?.['strategy'] as { rollingUpdate?: { maxSurge?: number | string } })
        ?.rollingUpdate?.maxSurge;
      expect(typeof surge, 'rul-api maxSurge must be a number of pods for this check').toBe('number');
      const needed = (max + Number(surge)) * apiPoolSize() + RESERVED_CONNECTIONS;
      expect(
        maxConnections(objects),
        `${max}+${surge} replicas need ${needed} connections`,
      ).toBeGreaterThanOrEqual(needed);
    });

    it('PostgreSQL is tuned for ingest as in Compose, durable, and its memory limit holds its settings', () => {
      const pg = postgresContainer(objects);
      const s = serverSettings(pg?.args ?? []);
      for (const name of ['shared_buffers', 'max_wal_size', 'checkpoint_timeout'])
        expect(s.get(name), name).toBeTruthy();
      expect(mib(s.get('max_wal_size') ?? '0')).toBeGreaterThanOrEqual(4096);
      for (const name of DURABILITY_SETTINGS) expect(s.has(name), `${name} stays at its default`).toBe(false);
      const limit = mib(pg?.resources?.limits?.memory ?? '0');
      expect(limit, `memory limit ${pg?.resources?.limits?.memory}`).toBeGreaterThanOrEqual(
        memoryNeededMib(s),
      );
    });
  });
}

describe('the API scales on queue depth where a metrics pipeline exists', () => {
  it('production-prometheus-operator: CPU plus both queue metrics as per-pod averages, with stabilised behaviour', () => {
    const objects = objectsOf('production-prometheus-operator');
    const metrics = hpaMetrics(objects)
      .filter((x) => x.hpa === 'rul-api')
      .map((x) => x.metric);
    const cpu = metrics.find((m) => m.type === 'Resource' && m.resource?.name === 'cpu');
    expect(cpu?.resource?.target).toMatchObject({ type: 'Utilization', averageUtilization: 70 });
    const pods = metrics.filter((m): m is HpaMetric & Required<Pick<HpaMetric, 'pods'>> => m.type === 'Pods');
    expect(pods.map((m) => m.pods.metric.name).sort()).toEqual(QUEUE_METRICS);
    for (const m of pods) {
      expect(m.pods.target.type, m.pods.metric.name).toBe('AverageValue');
      expect(Number(m.pods.target.averageValue), m.pods.metric.name).toBeGreaterThan(0);
    }
    const behavior = find(objects, 'HorizontalPodAutoscaler', 'rul-api')?.spec?.['behavior'] as {
      scaleUp?: { stabilizationWindowSeconds?: number; policies?: unknown[] };
      scaleDown?: { stabilizationWindowSeconds?: number; policies?: unknown[] };
    };
    expect(behavior.scaleUp?.policies?.length).toBeGreaterThan(0);
    expect(behavior.scaleDown?.policies?.length).toBeGreaterThan(0);
    // Up within a minute or two, down only after a long quiet spell: bursts must not flap replicas.
    expect(behavior.scaleUp?.stabilizationWindowSeconds).toBeLessThanOrEqual(120);
    expect(behavior.scaleDown?.stabilizationWindowSeconds).toBeGreaterThanOrEqual(300);
  });

  it('production-prometheus-operator: the adapter rules read the ServiceMonitor’s job per namespace and pod', () => {
    const objects = objectsOf('production-prometheus-operator');
    const cm = adapterConfigMap(objects);
    expect(cm?.metadata.namespace, 'the adapter ConfigMap lives beside the adapter').toBe('monitoring');
    const monitor = find(objects, 'ServiceMonitor', 'rul-api')?.spec as {
      endpoints: { relabelings?: { targetLabel?: string; replacement?: string }[] }[];
    };
    const job = monitor.endpoints[0]?.relabelings?.find((r) => r.targetLabel === 'job')?.replacement;
    expect(job).toBe('rul-api');
    const served = servedMetrics(adapterRules(objects));
    expect(served.map((s) => s.name).sort()).toEqual(QUEUE_METRICS);
    for (const { series, name, rule } of served) {
      // The HPA's name and the API's series are the same word, so each can be traced to the other.
      expect(name).toBe(series);
      expect(rule.seriesQuery, series).toContain(`job="${job}"`);
      expect(rule.resources?.overrides?.['namespace']?.resource, series).toBe('namespace');
      expect(rule.resources?.overrides?.['pod']?.resource, series).toBe('pod');
      for (const part of ['<<.Series>>', '<<.LabelMatchers>>', '<<.GroupBy>>'])
        expect(rule.metricsQuery, `${series} metricsQuery`).toContain(part);
    }
  });

  it('production (no metrics pipeline) and development scale on CPU alone', () => {
    for (const overlay of ['production', 'development']) {
      const objects = objectsOf(overlay);
      expect(adapterConfigMap(objects), overlay).toBeUndefined();
      const types = hpaMetrics(objects).map((x) => x.metric.type);
      expect(new Set(types), overlay).toEqual(new Set(['Resource']));
    }
  });
});
