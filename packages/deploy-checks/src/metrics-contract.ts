/** The metric contract of docs/architecture.md §4 and the names a live /metrics scrape exposes. */
import { readRepoFile } from './repo.js';

export interface DocumentedMetric {
  name: string;
  type: string;
}

/** Rows of the §4 table; "process metrics | prom-client defaults" becomes the flag below. */
export function documentedMetrics(): { metrics: DocumentedMetric[]; promClientDefaults: boolean } {
  const doc = readRepoFile('docs', 'architecture.md');
  const start = doc.indexOf('## 4. Metrics');
  if (start < 0) throw new Error('docs/architecture.md has no "## 4. Metrics" section');
  const next = doc.indexOf('\n## ', start + 1);
  const section = doc.slice(start, next < 0 ? undefined : next);
  const metrics: DocumentedMetric[] = [];
  let promClientDefaults = false;
  for (const line of section.split('\n')) {
    const m = /^\|\s*`([a-z_:][a-z0-9_:]*)`\s*\|\s*([^|]+)\|/.exec(line);
    if (m?.[1] && m[2]) metrics.push({ name: m[1], type: m[2].trim().split(/\s/)[0] ?? '' });
    if (/prom-client defaults/.test(line)) promClientDefaults = true;
  }
  return { metrics, promClientDefaults };
}

/** Sample names a metric family exposes: histograms add _bucket, _sum and _count. */
export function sampleNames(name: string, type: string): string[] {
  return type === 'histogram' || type === 'summary'
    ? [name, `${name}_bucket`, `${name}_sum`, `${name}_count`]
    : [name];
}

/** prom-client's default process and Node.js metrics (collectDefaultMetrics). */
export const isPromClientDefault = (name: string): boolean => /^(process|nodejs)_/.test(name);

/** Series Prometheus itself creates for every scrape target. */
export const PROMETHEUS_SYNTHETIC = new Set(['up', 'scrape_duration_seconds', 'scrape_samples_scraped']);

/** Every sample name a Prometheus text exposition declares (# TYPE lines and samples). */
export function scrapedNames(exposition: string): Set<string> {
  const names = new Set<string>();
  for (const line of exposition.split('\n')) {
    const type = /^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (\w+)/.exec(line);
    if (type?.[1] && type[2]) {
      for (const n of sampleNames(type[1], type[2])) names.add(n);
      continue;
    }
    const sample = /^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]/.exec(line);
    if (sample?.[1]) names.add(sample[1]);
  }
  return names;
}
