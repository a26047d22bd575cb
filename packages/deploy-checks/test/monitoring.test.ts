// Real: promtool (check config, check rules, test rules) on the committed Prometheus files.
// Faked: the rule_files path is pointed at the repository copy instead of the container mount.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { fromRoot, readRepoFile, run, tool } from '../src/repo.js';

const rulesFile = fromRoot('docker/monitoring/prometheus/rules/rul-alerts.yml');
const testFile = fromRoot('docker/monitoring/prometheus/tests/rul-alerts.test.yml');
type Rule = {
  alert?: string;
  expr: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
};
const groups = (YAML.parse(readFileSync(rulesFile, 'utf8')) as { groups: { name: string; rules: Rule[] }[] })
  .groups;
const alerts = groups.flatMap((g) => g.rules).filter((r) => r.alert);

describe('promtool', () => {
  const promtool = tool('promtool');

  it('check config (with the rules it loads)', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rul-prom-'));
    const cfg = readRepoFile('docker/monitoring/prometheus/prometheus.yml').replace(
      '/etc/prometheus/rules/*.yml',
      path.join(path.dirname(rulesFile), '*.yml'),
    );
    expect(cfg).toContain(path.dirname(rulesFile));
    writeFileSync(path.join(dir, 'prometheus.yml'), cfg);
    const res = run(promtool, ['check', 'config', path.join(dir, 'prometheus.yml')]);
    expect(res.code, res.output).toBe(0);
    expect(res.output).toMatch(/SUCCESS: \d+ rules found/);
  });

  it('check rules', () => {
    const res = run(promtool, ['check', 'rules', rulesFile]);
    expect(res.code, res.output).toBe(0);
  });

  it('test rules (alert unit tests)', () => {
    const res = run(promtool, ['test', 'rules', testFile]);
    expect(res.code, res.output).toBe(0);
    expect(res.output).toMatch(/SUCCESS/);
  });
});

describe('alert rules', () => {
  const runbooks = readRepoFile('docker/monitoring/runbooks.md');
  const anchors = new Set(
    [...runbooks.matchAll(/^## (.+)$/gm)].map((m) =>
      (m[1] ?? '')
        .trim()
        .toLowerCase()
        .replace(/[^a-z0-9 -]/g, '')
        .replace(/ /g, '-'),
    ),
  );
  const unitTests = YAML.parse(readFileSync(testFile, 'utf8')) as {
    tests: { alert_rule_test?: { alertname: string; exp_alerts: unknown[] }[] }[];
  };

  it('cover what the platform must page on', () => {
    const names = alerts.map((a) => a.alert);
    for (const n of [
      'RulApiUnavailable',
      'RulApiInstanceDown',
      'RulApiHighErrorRate',
      'RulApiHighLatencyP95',
      'RulModelNotReady',
      'RulModelGoldenCheckFailed',
      'RulInputDrift',
      'RulEnginesCritical',
      'RulTrainingJobFailed',
    ]) {
      expect(names).toContain(n);
    }
  });

  for (const a of alerts) {
    it(`${a.alert}: severity, summary, runbook that exists, and a unit test that fires it`, () => {
      expect(['critical', 'warning', 'info']).toContain(a.labels?.['severity']);
      expect(a.annotations?.['summary']).toBeTruthy();
      const runbook = a.annotations?.['runbook'] ?? '';
      expect(runbook).toMatch(/^docker\/monitoring\/runbooks\.md#/);
      expect(anchors.has(runbook.split('#')[1] ?? ''), `anchor ${runbook}`).toBe(true);
      const cases = unitTests.tests
        .flatMap((t) => t.alert_rule_test ?? [])
        .filter((c) => c.alertname === a.alert);
      expect(
        cases.some((c) => c.exp_alerts.length > 0),
        'a case where it fires',
      ).toBe(true);
    });
  }
});

describe('scrape configuration', () => {
  const cfg = YAML.parse(readRepoFile('docker/monitoring/prometheus/prometheus.yml')) as {
    scrape_configs: { job_name: string; dns_sd_configs?: { names: string[]; port: number }[] }[];
  };

  it('finds API replicas through DNS and scrapes itself and the exporters', () => {
    const api = cfg.scrape_configs.find((s) => s.job_name === 'rul-api');
    expect(api?.dns_sd_configs?.[0]).toMatchObject({ names: ['api'], port: 8000 });
    expect(cfg.scrape_configs.map((s) => s.job_name).sort()).toEqual([
      'postgres',
      'prometheus',
      'redis',
      'rul-api',
    ]);
  });
});
