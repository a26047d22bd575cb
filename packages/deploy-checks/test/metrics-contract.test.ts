// Real: the API started from apps/api/dist and scraped on /metrics; the names in every alert rule and
// dashboard query, and in the HPAs and prometheus-adapter rules of every Kubernetes overlay (rendered
// by `kubectl kustomize`); docs/architecture.md §4. Faked: nothing (authentication is disabled for the run).
import { readFileSync, readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import {
  documentedMetrics,
  isPromClientDefault,
  PROMETHEUS_SYNTHETIC,
  sampleNames,
  scrapedNames,
} from '../src/metrics-contract.js';
import { render } from '../src/kube.js';
import { startApi, type LiveApi } from '../src/live-api.js';
import { adapterRules, hpaMetrics, servedMetrics } from '../src/metrics-adapter.js';
import { metricNames } from '../src/promql.js';
import { fromRoot } from '../src/repo.js';

/**
 * Documented in §4 but not exported by the API yet. Each entry names the work that adds it; remove
 * it when that lands (the test fails while an entry is already exported, so the list stays honest).
 */
const PENDING: Record<string, string> = {};

/** Per overlay, each HPA pod metric with the series the overlay's prometheus-adapter rule reads for it. */
function hpaSeries(): { where: string; series: string | undefined }[] {
  return readdirSync(fromRoot('kubernetes/overlays')).flatMap((overlay) => {
    const objects = render(fromRoot('kubernetes/overlays', overlay));
    const served = servedMetrics(adapterRules(objects));
    return hpaMetrics(objects)
      .filter(({ metric }) => metric.type === 'Pods')
      .map(({ hpa, metric }) => {
        const name = metric.pods?.metric.name;
        return {
          where: `${overlay}: HPA ${hpa} metric ${name}`,
          series: served.find((s) => s.name === name)?.series,
        };
      });
  });
}

function usedNames(hpas: readonly { where: string; series: string | undefined }[]): Map<string, string[]> {
  const used = new Map<string, string[]>();
  const add = (expr: string, where: string) => {
    for (const n of metricNames(expr)) used.set(n, [...(used.get(n) ?? []), where]);
  };
  const rules = YAML.parse(
    readFileSync(fromRoot('docker/monitoring/prometheus/rules/rul-alerts.yml'), 'utf8'),
  ) as { groups: { rules: { alert?: string; expr: string }[] }[] };
  for (const r of rules.groups.flatMap((g) => g.rules)) add(r.expr, `alert ${r.alert}`);
  const dir = fromRoot('docker/monitoring/grafana/dashboards');
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.json'))) {
    const d = JSON.parse(readFileSync(`${dir}/${f}`, 'utf8')) as {
      panels: { title: string; targets?: { expr?: string }[] }[];
      templating?: { list: { query?: { query?: string } }[] };
    };
    for (const p of d.panels) for (const t of p.targets ?? []) if (t.expr) add(t.expr, `${f}: ${p.title}`);
    for (const v of d.templating?.list ?? [])
      if (v.query?.query) add(v.query.query.replace(/^label_values\(([^,]+),.*$/, '$1'), `${f}: variable`);
  }
  for (const { where, series } of hpas) if (series) add(series, where);
  return used;
}

describe('metric names in alerts, dashboards and autoscaling', () => {
  let api: LiveApi;
  let scraped: Set<string>;
  const { metrics, promClientDefaults } = documentedMetrics();
  const documented = new Set(metrics.flatMap((m) => sampleNames(m.name, m.type)));
  const hpas = hpaSeries();
  const used = usedNames(hpas);

  beforeAll(async () => {
    api = await startApi();
    const res = await fetch(`${api.url}/metrics`);
    expect(res.ok).toBe(true);
    scraped = scrapedNames(await res.text());
  });
  afterAll(async () => {
    await api?.stop();
  });

  it('the extractor sees the names (sanity)', () => {
    expect(used.size).toBeGreaterThan(10);
    expect(used.has('http_request_duration_seconds_bucket')).toBe(true);
    expect(
      metricNames('sum by (le) (rate(x_bucket{a="b"}[5m])) / on(job) group_left y offset 1h > 0.5'),
    ).toEqual(['x_bucket', 'y']);
  });

  it('every name is documented in docs/architecture.md §4 (or is Prometheus/prom-client built-in)', () => {
    const unknown = [...used.keys()].filter(
      (n) =>
        !documented.has(n) && !PROMETHEUS_SYNTHETIC.has(n) && !(promClientDefaults && isPromClientDefault(n)),
    );
    expect(unknown, unknown.map((n) => `${n} (${used.get(n)?.join('; ')})`).join('\n')).toEqual([]);
  });

  it('every name is exported by the live API, except the explicit pending list', () => {
    const missing = [...used.keys()].filter((n) => !PROMETHEUS_SYNTHETIC.has(n) && !scraped.has(n));
    const notPending = missing.filter((n) => !PENDING[n.replace(/_(bucket|sum|count)$/, '')] && !PENDING[n]);
    const report = missing.map(
      (n) =>
        `${n}: ${PENDING[n] ? `pending: ${PENDING[n]}` : 'NOT EXPORTED'} (used by ${used.get(n)?.join('; ')})`,
    );
    if (missing.length) console.info(`metrics used but not exported yet:\n  ${report.join('\n  ')}`);
    expect(notPending, report.join('\n')).toEqual([]);
  });

  it('every HPA pod metric reads a series the live API exports (never pending: the HPA would stall)', () => {
    expect(hpas.length, 'the prometheus-operator overlay scales on pod metrics').toBeGreaterThan(0);
    for (const { where, series } of hpas) {
      expect(series, `${where}: no prometheus-adapter rule serves it`).toBeDefined();
      expect(scraped.has(series ?? ''), `${where}: the API does not export ${series}`).toBe(true);
    }
  });

  it('the pending list is honest: nothing on it is exported already, everything on it is documented', () => {
    for (const name of Object.keys(PENDING)) {
      expect(scraped.has(name), `${name} is exported now: remove it from PENDING`).toBe(false);
      expect(documented.has(name), `${name} is not in docs/architecture.md §4`).toBe(true);
    }
  });

  it('every documented API metric is exported or pending', () => {
    for (const m of metrics) {
      expect(
        scraped.has(m.name) || PENDING[m.name] !== undefined,
        `${m.name} documented but neither exported nor pending`,
      ).toBe(true);
    }
  });
});
