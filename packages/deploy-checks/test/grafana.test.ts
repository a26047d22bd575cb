// Real: every dashboard JSON type-checked with tsc against `Dashboard` from @grafana/schema, plus
// provisioning checks. Faked: nothing runs Grafana (no Grafana package is available offline).
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { fromRoot, packageRoot, readRepoFile, run } from '../src/repo.js';

const dir = 'docker/monitoring/grafana/dashboards';
const files = readdirSync(fromRoot(dir)).filter((f) => f.endsWith('.json'));
type Panel = {
  id: number;
  type: string;
  title: string;
  datasource?: { uid?: string };
  targets?: { expr?: string; datasource?: { uid?: string } }[];
  gridPos?: unknown;
};
const dashboards = files.map((f) => ({
  file: f,
  json: JSON.parse(readRepoFile(dir, f)) as { uid: string; title: string; panels: Panel[] },
}));

describe('Grafana dashboards', () => {
  it('API performance, model & predictions and fleet health exist with unique uids', () => {
    expect(files.sort()).toEqual(['api-performance.json', 'fleet-health.json', 'model-predictions.json']);
    expect(new Set(dashboards.map((d) => d.json.uid)).size).toBe(files.length);
  });

  it('type-check against Dashboard from @grafana/schema (tsc)', () => {
    const work = mkdtempSync(path.join(tmpdir(), 'rul-grafana-tsc-'));
    const schema = path.join(packageRoot, 'node_modules/@grafana/schema/dist/types/index.d.ts');
    for (const d of dashboards) {
      writeFileSync(
        path.join(work, `${d.file.replace('.json', '')}.ts`),
        // Enum-typed fields are written as the enum member so the literal is checked against it.
        `import { type Dashboard, ThresholdsMode } from '@grafana/schema';\nexport const dashboard: Dashboard = ${JSON.stringify(
          d.json,
          null,
          2,
        )
          .replace(/"mode": "absolute"/g, '"mode": ThresholdsMode.Absolute')
          .replace(/"mode": "percentage"/g, '"mode": ThresholdsMode.Percentage')};\n`,
      );
    }
    writeFileSync(
      path.join(work, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          noEmit: true,
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          target: 'ES2022',
          skipLibCheck: true,
          types: [],
          paths: { '@grafana/schema': [schema] },
        },
        include: ['*.ts'],
      }),
    );
    const res = run(path.join(packageRoot, 'node_modules/.bin/tsc'), ['-p', work], { cwd: packageRoot });
    expect(res.code, res.output).toBe(0);
  });

  for (const d of dashboards) {
    it(`${d.file}: panels use the provisioned datasource and have queries`, () => {
      const ids = d.json.panels.map((p) => p.id);
      expect(new Set(ids).size).toBe(ids.length);
      for (const p of d.json.panels) {
        expect(p.gridPos, p.title).toBeDefined();
        expect(p.datasource?.uid, p.title).toBe('rul-prometheus');
        expect(p.targets?.length, p.title).toBeGreaterThan(0);
        for (const t of p.targets ?? []) {
          expect(t.expr, p.title).toBeTruthy();
          expect(t.datasource?.uid, p.title).toBe('rul-prometheus');
        }
      }
    });
  }
});

describe('Grafana provisioning', () => {
  it('datasource with the fixed uid the dashboards use', () => {
    const ds = YAML.parse(
      readRepoFile('docker/monitoring/grafana/provisioning/datasources/prometheus.yml'),
    ) as { datasources: { uid: string; type: string }[] };
    expect(ds.datasources).toEqual([expect.objectContaining({ uid: 'rul-prometheus', type: 'prometheus' })]);
  });

  it('the dashboard provider reads the folder Compose mounts', () => {
    const prov = YAML.parse(readRepoFile('docker/monitoring/grafana/provisioning/dashboards/rul.yml')) as {
      providers: { options: { path: string } }[];
    };
    const mountPath = prov.providers[0]?.options.path ?? '';
    expect(readRepoFile('docker-compose.yml')).toContain(
      `./docker/monitoring/grafana/dashboards:${mountPath}:ro`,
    );
  });
});
