/**
 * The prometheus-adapter rules an overlay ships (a ConfigMap holding the adapter's config.yaml) and
 * the custom.metrics.k8s.io names they serve, next to the metrics the overlay's HPAs ask for.
 */
import YAML from 'yaml';
import type { K8sObject } from './kube.js';
import { metricNames } from './promql.js';

/** The ConfigMap the adapter's Helm chart mounts with `rules.existing` (kubernetes/README.md). */
export const ADAPTER_CONFIG_MAP = 'rul-prometheus-adapter';

export interface AdapterRule {
  seriesQuery: string;
  resources?: { overrides?: Record<string, { resource: string }>; template?: string };
  name?: { matches?: string; as?: string };
  metricsQuery: string;
}

export interface ServedMetric {
  /** The Prometheus series the rule reads. */
  series: string;
  /** The name an HPA asks custom.metrics.k8s.io for. */
  name: string;
  rule: AdapterRule;
}

export interface HpaMetric {
  type: 'Resource' | 'Pods' | 'Object' | 'External' | 'ContainerResource';
  resource?: { name: string; target: { type: string; averageUtilization?: number } };
  pods?: { metric: { name: string }; target: { type: string; averageValue?: string | number } };
}

/** The overlay's adapter ConfigMap, or undefined when the overlay ships none. */
export function adapterConfigMap(objects: readonly K8sObject[]): K8sObject | undefined {
  return objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === ADAPTER_CONFIG_MAP);
}

/** The rules of the adapter's config.yaml (empty when the overlay ships no adapter config). */
export function adapterRules(objects: readonly K8sObject[]): AdapterRule[] {
  const cm = adapterConfigMap(objects);
  if (!cm) return [];
  const text = (cm['data'] as Record<string, string> | undefined)?.['config.yaml'];
  if (text === undefined) throw new Error(`ConfigMap ${ADAPTER_CONFIG_MAP} has no config.yaml`);
  const config = YAML.parse(text) as { rules?: AdapterRule[] } | null;
  return config?.rules ?? [];
}

/**
 * What each rule serves, named the way the adapter names it: `name.matches` (default: the whole
 * series name) applied to the series name, rewritten by `name.as` (Go's `${1}` / `$1` expansion;
 * default `$1` when the pattern captures, else the whole match).
 */
export function servedMetrics(rules: readonly AdapterRule[]): ServedMetric[] {
  return rules.map((rule) => {
    const names = metricNames(rule.seriesQuery);
    const series = names[0];
    if (names.length !== 1 || series === undefined)
      throw new Error(`seriesQuery must name exactly one series: ${rule.seriesQuery}`);
    const pattern = new RegExp(rule.name?.matches ?? '^(.*)$');
    const m = pattern.exec(series);
    if (!m) throw new Error(`name.matches ${pattern.source} does not match ${series}`);
    const as = rule.name?.as || (m.length > 1 ? '$1' : '$0');
    const name = as.replace(/\$\{?(\d+)\}?/g, (_, i: string) => m[Number(i)] ?? '');
    return { series, name, rule };
  });
}

/** Every metric of every HPA in the rendered objects. */
export function hpaMetrics(objects: readonly K8sObject[]): { hpa: string; metric: HpaMetric }[] {
  return objects
    .filter((o) => o.kind === 'HorizontalPodAutoscaler')
    .flatMap((hpa) =>
      ((hpa.spec?.['metrics'] as HpaMetric[] | undefined) ?? []).map((metric) => ({
        hpa: hpa.metadata.name,
        metric,
      })),
    );
}
