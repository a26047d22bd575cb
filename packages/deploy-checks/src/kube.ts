/** Renders a Kustomize overlay with kubectl and validates each object with kubernetes-models. */
import YAML from 'yaml';
import { run, tool } from './repo.js';

export type K8sObject = {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  spec?: Record<string, unknown>;
  [key: string]: unknown;
};

export function render(dir: string): K8sObject[] {
  const res = run(tool('kubectl'), ['kustomize', dir]);
  if (res.code !== 0) throw new Error(`kubectl kustomize ${dir} failed:\n${res.output}`);
  return YAML.parseAllDocuments(res.stdout)
    .map((d) => d.toJS() as K8sObject | null)
    .filter((o): o is K8sObject => o !== null);
}

type ModelClass = new (data: unknown) => { validate(): void };

/** The kubernetes-models (or prometheus-operator models) class for an apiVersion/kind. */
export async function modelFor(apiVersion: string, kind: string): Promise<ModelClass> {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  const spec =
    group === 'monitoring.coreos.com'
      ? `@kubernetes-models/prometheus-operator/${group}/${version}/${kind}`
      : `kubernetes-models/${group ? `${group}/` : ''}${version}/${kind}`;
  const mod = (await import(spec)) as Record<string, unknown>;
  const cls = mod[kind] ?? mod['default'];
  if (typeof cls !== 'function') throw new Error(`no model for ${apiVersion} ${kind}`);
  return cls as ModelClass;
}

export interface PodTemplateOwner {
  obj: K8sObject;
  template: { metadata?: { labels?: Record<string, string> }; spec: PodSpec };
  longRunning: boolean;
}

export interface Container {
  name: string;
  image?: string;
  ports?: { name?: string; containerPort: number }[];
  env?: {
    name: string;
    valueFrom?: {
      configMapKeyRef?: { name: string; key: string };
      secretKeyRef?: { name: string; key: string };
    };
  }[];
  envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: {
    allowPrivilegeEscalation?: boolean;
    readOnlyRootFilesystem?: boolean;
    runAsNonRoot?: boolean;
    capabilities?: { drop?: string[] };
  };
  livenessProbe?: Probe;
  readinessProbe?: Probe;
  startupProbe?: Probe;
}
export interface Probe {
  httpGet?: { path: string; port: string | number };
  exec?: { command: string[] };
}
export interface PodSpec {
  containers: Container[];
  initContainers?: Container[];
  securityContext?: { runAsNonRoot?: boolean; runAsUser?: number; seccompProfile?: { type?: string } };
  volumes?: {
    name: string;
    configMap?: { name: string };
    secret?: { secretName: string };
    persistentVolumeClaim?: { claimName: string };
  }[];
  topologySpreadConstraints?: unknown[];
  nodeSelector?: Record<string, string>;
  tolerations?: unknown[];
}

export function podTemplates(objects: K8sObject[]): PodTemplateOwner[] {
  const out: PodTemplateOwner[] = [];
  for (const obj of objects) {
    const spec = obj.spec as Record<string, unknown> | undefined;
    if (!spec) continue;
    if (['Deployment', 'StatefulSet', 'DaemonSet'].includes(obj.kind)) {
      out.push({ obj, template: spec['template'] as PodTemplateOwner['template'], longRunning: true });
    } else if (obj.kind === 'CronJob') {
      const job = (spec['jobTemplate'] as { spec: { template: PodTemplateOwner['template'] } }).spec;
      out.push({ obj, template: job.template, longRunning: false });
    } else if (obj.kind === 'Job') {
      out.push({ obj, template: spec['template'] as PodTemplateOwner['template'], longRunning: false });
    }
  }
  return out;
}

export const matches = (
  selector: Record<string, string>,
  labels: Record<string, string> | undefined,
): boolean => Object.entries(selector).every(([k, v]) => labels?.[k] === v);
