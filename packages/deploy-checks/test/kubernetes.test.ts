// Real: `kubectl kustomize` of every overlay, each object validated with kubernetes-models, plus the
// project's policy checks. Faked: no cluster (nothing is applied).
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { matches, modelFor, podTemplates, render, type Container, type K8sObject } from '../src/kube.js';
import { ADAPTER_CONFIG_MAP } from '../src/metrics-adapter.js';
import { fromRoot, isPinnedImage, readRepoFile } from '../src/repo.js';

const overlays = readdirSync(fromRoot('kubernetes/overlays'));
/** Objects a production cluster must provide itself (documented in kubernetes/README.md). */
const EXTERNAL: Record<string, string[]> = {
  production: ['Secret/rul-secrets', 'Secret/rul-tls'],
  'production-prometheus-operator': ['Secret/rul-secrets', 'Secret/rul-tls'],
  development: ['Secret/rul-tls'],
};
/**
 * Objects an overlay ships into a namespace the cluster's own services live in (kubernetes/README.md):
 * prometheus-adapter's rules go beside the adapter, in `monitoring`.
 */
const ELSEWHERE: Record<string, Record<string, string>> = {
  'production-prometheus-operator': { [`ConfigMap/${ADAPTER_CONFIG_MAP}`]: 'monitoring' },
};
const STANDARD_LABELS = [
  'app.kubernetes.io/name',
  'app.kubernetes.io/instance',
  'app.kubernetes.io/component',
  'app.kubernetes.io/part-of',
  'app.kubernetes.io/managed-by',
];

it('has the development and production overlays', () => {
  expect(overlays).toEqual(expect.arrayContaining(['development', 'production']));
});

for (const overlay of overlays) {
  describe(`overlay ${overlay}`, () => {
    const objects = render(fromRoot('kubernetes/overlays', overlay));
    const byKind = (kind: string) => objects.filter((o) => o.kind === kind);
    const exists = (kind: string, name: string) =>
      objects.some((o) => o.kind === kind && o.metadata.name === name) ||
      (EXTERNAL[overlay] ?? []).includes(`${kind}/${name}`);
    const templates = podTemplates(objects);
    const containersOf = (t: (typeof templates)[number]): Container[] => [
      ...t.template.spec.containers,
      ...(t.template.spec.initContainers ?? []),
    ];

    it('every object passes its kubernetes-models schema', async () => {
      for (const obj of objects) {
        const Model = await modelFor(obj.apiVersion, obj.kind);
        // kustomize wraps long base64 values over lines (the API server accepts that); the schema's
        // "byte" format does not, so compare the unwrapped value.
        if (obj.kind === 'Secret' && obj['data']) {
          obj['data'] = Object.fromEntries(
            Object.entries(obj['data'] as Record<string, string>).map(([k, v]) => [k, v.replace(/\s+/g, '')]),
          );
        }
        expect(() => new Model(obj).validate(), `${obj.kind}/${obj.metadata.name}`).not.toThrow();
      }
    });

    it('one namespace for everything, created by the overlay (save the listed cluster-service configs)', () => {
      const ns = byKind('Namespace');
      expect(ns).toHaveLength(1);
      const elsewhere = ELSEWHERE[overlay] ?? {};
      for (const obj of objects.filter((o) => o.kind !== 'Namespace')) {
        const id = `${obj.kind}/${obj.metadata.name}`;
        expect(obj.metadata.namespace, id).toBe(elsewhere[id] ?? ns[0]?.metadata.name);
      }
      for (const id of Object.keys(elsewhere))
        expect(
          objects.some((o) => `${o.kind}/${o.metadata.name}` === id),
          id,
        ).toBe(true);
    });

    it('no Secret carries real values (only development has generated throw-away ones)', () => {
      for (const s of byKind('Secret')) expect(overlay, `Secret/${s.metadata.name}`).toBe('development');
    });

    it('workloads: standard labels, selectors matching the pod labels', () => {
      for (const { obj, template } of templates) {
        for (const l of STANDARD_LABELS)
          expect(obj.metadata.labels?.[l], `${obj.kind}/${obj.metadata.name} ${l}`).toBeTruthy();
        for (const l of STANDARD_LABELS.slice(0, 3))
          expect(template.metadata?.labels?.[l], `${obj.metadata.name} pod ${l}`).toBeTruthy();
        const selector = (obj.spec?.['selector'] as { matchLabels?: Record<string, string> } | undefined)
          ?.matchLabels;
        if (obj.kind !== 'CronJob') {
          expect(selector, `${obj.metadata.name} selector`).toBeDefined();
          expect(matches(selector ?? {}, template.metadata?.labels), `${obj.metadata.name} selector`).toBe(
            true,
          );
        }
      }
    });

    it('pods: non-root, seccomp RuntimeDefault; containers: no escalation, read-only root, ALL caps dropped', () => {
      for (const { obj, template } of templates) {
        const pod = template.spec.securityContext;
        expect(pod?.runAsNonRoot, `${obj.metadata.name} runAsNonRoot`).toBe(true);
        expect(pod?.runAsUser, `${obj.metadata.name} runAsUser`).toBeGreaterThan(0);
        expect(pod?.seccompProfile?.type, `${obj.metadata.name} seccomp`).toBe('RuntimeDefault');
        for (const c of containersOf({ obj, template, longRunning: true })) {
          const sc = c.securityContext;
          expect(sc?.allowPrivilegeEscalation, `${c.name} allowPrivilegeEscalation`).toBe(false);
          expect(sc?.readOnlyRootFilesystem, `${c.name} readOnlyRootFilesystem`).toBe(true);
          expect(sc?.capabilities?.drop, `${c.name} drop`).toContain('ALL');
        }
      }
    });

    it('containers: CPU/memory requests and limits, pinned images', () => {
      for (const t of templates) {
        for (const c of containersOf(t)) {
          for (const kind of ['requests', 'limits'] as const) {
            for (const r of ['cpu', 'memory'])
              expect(c.resources?.[kind]?.[r], `${t.obj.metadata.name}/${c.name} ${kind}.${r}`).toBeTruthy();
          }
          expect(c.image, `${c.name} image`).toBeTruthy();
          expect(isPinnedImage(c.image ?? ''), `${c.name} image ${c.image}`).toBe(true);
        }
      }
    });

    it('long-running containers have probes on real ports; the API also has a startup probe', () => {
      for (const t of templates.filter((x) => x.longRunning)) {
        for (const c of t.template.spec.containers) {
          expect(c.livenessProbe, `${c.name} liveness`).toBeDefined();
          const portNames = new Set((c.ports ?? []).map((p) => p.name));
          const portNumbers = new Set((c.ports ?? []).map((p) => p.containerPort));
          if (c.ports?.length) expect(c.readinessProbe, `${c.name} readiness`).toBeDefined();
          for (const probe of [c.livenessProbe, c.readinessProbe, c.startupProbe]) {
            const port = probe?.httpGet?.port;
            if (port === undefined) continue;
            expect(
              typeof port === 'string' ? portNames.has(port) : portNumbers.has(port),
              `${c.name} probe port ${port}`,
            ).toBe(true);
          }
        }
      }
      const api = templates.find((t) => t.obj.metadata.name === 'rul-api')?.template.spec.containers[0];
      expect(api?.startupProbe?.httpGet?.path).toBe('/health/ready');
      expect(api?.livenessProbe?.httpGet?.path).toBe('/health/live');
      expect(api?.readinessProbe?.httpGet?.path).toBe('/health/ready');
      const apiPod = templates.find((t) => t.obj.metadata.name === 'rul-api')?.template.spec;
      expect(apiPod?.topologySpreadConstraints?.length).toBeGreaterThan(0);
    });

    it('referenced ConfigMaps, Secrets and PVCs exist', () => {
      for (const t of templates) {
        for (const c of containersOf(t)) {
          for (const e of c.env ?? []) {
            const cm = e.valueFrom?.configMapKeyRef;
            if (cm) {
              const obj = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === cm.name) as
                (K8sObject & { data?: Record<string, string> }) | undefined;
              expect(obj, `ConfigMap ${cm.name}`).toBeDefined();
              expect(obj?.data?.[cm.key], `ConfigMap ${cm.name} key ${cm.key}`).toBeDefined();
            }
            const sec = e.valueFrom?.secretKeyRef;
            if (sec) expect(exists('Secret', sec.name), `Secret ${sec.name}`).toBe(true);
          }
          for (const e of c.envFrom ?? []) {
            if (e.configMapRef)
              expect(exists('ConfigMap', e.configMapRef.name), `ConfigMap ${e.configMapRef.name}`).toBe(true);
            if (e.secretRef)
              expect(exists('Secret', e.secretRef.name), `Secret ${e.secretRef.name}`).toBe(true);
          }
        }
        for (const v of t.template.spec.volumes ?? []) {
          if (v.configMap)
            expect(exists('ConfigMap', v.configMap.name), `ConfigMap ${v.configMap.name}`).toBe(true);
          if (v.secret)
            expect(exists('Secret', v.secret.secretName), `Secret ${v.secret.secretName}`).toBe(true);
          if (v.persistentVolumeClaim)
            expect(exists('PersistentVolumeClaim', v.persistentVolumeClaim.claimName)).toBe(true);
        }
      }
    });

    it('Services select pods and target ports those pods declare', () => {
      for (const svc of byKind('Service')) {
        const spec = svc.spec as {
          selector: Record<string, string>;
          ports: { targetPort: string | number }[];
        };
        const pods = templates.filter((t) => matches(spec.selector, t.template.metadata?.labels));
        expect(pods.length, `Service ${svc.metadata.name} selects nothing`).toBeGreaterThan(0);
        for (const p of spec.ports) {
          const ok = pods.every((t) =>
            t.template.spec.containers.some((c) =>
              (c.ports ?? []).some((cp) => cp.name === p.targetPort || cp.containerPort === p.targetPort),
            ),
          );
          expect(ok, `Service ${svc.metadata.name} targetPort ${p.targetPort}`).toBe(true);
        }
      }
    });

    it('HPA, PDB and Ingress point at things that exist', () => {
      for (const hpa of byKind('HorizontalPodAutoscaler')) {
        const ref = hpa.spec?.['scaleTargetRef'] as { kind: string; name: string };
        expect(exists(ref.kind, ref.name), `HPA -> ${ref.kind}/${ref.name}`).toBe(true);
      }
      for (const pdb of byKind('PodDisruptionBudget')) {
        const sel = (pdb.spec?.['selector'] as { matchLabels: Record<string, string> }).matchLabels;
        expect(
          templates.some((t) => matches(sel, t.template.metadata?.labels)),
          `PDB ${pdb.metadata.name}`,
        ).toBe(true);
      }
      const ingresses = byKind('Ingress');
      expect(ingresses.length).toBeGreaterThan(0);
      for (const ing of ingresses) {
        const spec = ing.spec as {
          tls?: { secretName: string }[];
          rules: { http: { paths: { backend: { service: { name: string; port: { name?: string } } } }[] } }[];
        };
        expect(spec.tls?.length, `${ing.metadata.name} TLS`).toBeGreaterThan(0);
        for (const rule of spec.rules) {
          for (const p of rule.http.paths) {
            const svc = objects.find(
              (o) => o.kind === 'Service' && o.metadata.name === p.backend.service.name,
            );
            expect(svc, `Ingress backend ${p.backend.service.name}`).toBeDefined();
            const ports = (svc?.spec?.['ports'] as { name: string }[] | undefined) ?? [];
            expect(ports.some((x) => x.name === p.backend.service.port.name)).toBe(true);
          }
        }
      }
    });

    it('default-deny NetworkPolicy plus the allowed paths', () => {
      const policies = byKind('NetworkPolicy');
      const deny = policies.find(
        (p) =>
          JSON.stringify(p.spec?.['podSelector']) === '{}' && !(p.spec?.['ingress'] || p.spec?.['egress']),
      );
      expect(deny, 'default deny').toBeDefined();
      expect((deny?.spec?.['policyTypes'] as string[]).sort()).toEqual(['Egress', 'Ingress']);
      for (const app of ['rul-api', 'rul-dashboard', 'rul-postgres', 'rul-redis']) {
        expect(
          policies.some((p) => JSON.stringify(p.spec?.['podSelector']).includes(app)),
          `policy for ${app}`,
        ).toBe(true);
      }
    });

    it('the GPU worker asks for a GPU where the overlay expects one', () => {
      const trainer = templates.find((t) => t.obj.metadata.name === 'rul-trainer-worker');
      const limits = trainer?.template.spec.containers[0]?.resources?.limits ?? {};
      if (overlay === 'development') {
        expect(limits['nvidia.com/gpu']).toBeUndefined();
      } else {
        expect(String(limits['nvidia.com/gpu'])).toBe('1');
        expect(trainer?.template.spec.tolerations?.length).toBeGreaterThan(0);
        expect(trainer?.template.spec.nodeSelector).toBeDefined();
      }
      expect(
        byKind('CronJob')
          .map((c) => c.metadata.name)
          .sort(),
      ).toEqual(['rul-db-backup', 'rul-retrain']);
    });
  });
}

describe('single sources', () => {
  it('the Secret template lists every key the manifests read, with placeholder values only', () => {
    const template = YAML.parse(readRepoFile('kubernetes/base/secret.template.yaml')) as {
      stringData: Record<string, string>;
    };
    for (const v of Object.values(template.stringData)) expect(v).toMatch(/CHANGE_ME/);
    const used = new Set<string>();
    for (const t of podTemplates(render(fromRoot('kubernetes/overlays/production')))) {
      for (const c of t.template.spec.containers)
        for (const e of c.env ?? [])
          if (e.valueFrom?.secretKeyRef?.name === 'rul-secrets') used.add(e.valueFrom.secretKeyRef.key);
    }
    expect(Object.keys(template.stringData).sort()).toEqual([...used].sort());
  });

  it('Postgres init and Redis config are the same files Compose uses', () => {
    expect(readRepoFile('kubernetes/base/postgres/init.sql')).toBe(readRepoFile('docker/postgres/init.sql'));
    expect(readRepoFile('kubernetes/base/redis/redis.conf')).toBe(readRepoFile('docker/redis/redis.conf'));
  });

  it('the PrometheusRule carries exactly the Compose alert rules', () => {
    const rule = YAML.parse(readRepoFile('kubernetes/components/monitoring/prometheus-rule.yaml')) as {
      spec: { groups: unknown };
    };
    const rules = YAML.parse(readRepoFile('docker/monitoring/prometheus/rules/rul-alerts.yml')) as {
      groups: unknown;
    };
    expect(rule.spec.groups).toEqual(rules.groups);
  });
});
