import type { K8sObject } from './helm.js';

/** Security and operability rules every rendered workload must follow. Returns human-readable violations. */

interface Container {
  name: string;
  image?: string;
  env?: { name: string; value?: string; valueFrom?: unknown }[];
  resources?: { requests?: Record<string, unknown>; limits?: Record<string, unknown> };
  securityContext?: {
    allowPrivilegeEscalation?: boolean;
    runAsNonRoot?: boolean;
    privileged?: boolean;
    capabilities?: { drop?: string[]; add?: string[] };
  };
  readinessProbe?: unknown;
  livenessProbe?: unknown;
}

interface PodSpec {
  containers: Container[];
  initContainers?: Container[];
  securityContext?: { runAsNonRoot?: boolean; runAsUser?: number };
  hostNetwork?: boolean;
  hostPID?: boolean;
}

const longRunning = new Set(['Deployment', 'StatefulSet', 'DaemonSet']);
const workloadKinds = new Set([...longRunning, 'Job', 'CronJob', 'Pod']);

export function isWorkload(object: K8sObject): boolean {
  return workloadKinds.has(object.kind);
}

export function podSpec(object: K8sObject): PodSpec {
  const spec = object.spec as Record<string, unknown>;
  if (object.kind === 'Pod') return spec as unknown as PodSpec;
  if (object.kind === 'CronJob') {
    const job = (spec.jobTemplate as { spec: { template: { spec: PodSpec } } }).spec;
    return job.template.spec;
  }
  return (spec.template as { spec: PodSpec }).spec;
}

/** Environment variables whose name says they carry a credential. */
const CREDENTIAL_ENV = /(PASSWORD|SECRET|TOKEN|ACCESS_KEY|CREDENTIALS)(?!.*_(DIR|FILE|PATH|URL)$)/;
/** A value built only from $(VAR) references (and a realm prefix) carries no literal credential. */
const ONLY_REFERENCES = /^([A-Za-z0-9_-]+,)?(\$\([A-Z0-9_]+\),?)+$/;

export function checkWorkload(object: K8sObject): string[] {
  const where = `${object.kind}/${object.metadata.name}`;
  const problems: string[] = [];
  const spec = podSpec(object);
  if (spec.hostNetwork || spec.hostPID) problems.push(`${where}: uses the host network or PID namespace`);
  const podNonRoot = spec.securityContext?.runAsNonRoot === true;
  const initNames = new Set((spec.initContainers ?? []).map((c) => c.name));
  for (const c of [...(spec.initContainers ?? []), ...spec.containers]) {
    const at = `${where} container ${c.name}`;
    const image = c.image ?? '';
    const tag = image.includes('@') ? 'digest' : image.slice(image.lastIndexOf(':') + 1);
    if (!image.includes(':') || image.lastIndexOf(':') < image.lastIndexOf('/'))
      problems.push(`${at}: image ${image} has no tag`);
    else if (tag === 'latest' || tag === '') problems.push(`${at}: image ${image} uses a mutable tag`);
    for (const kind of ['requests', 'limits'] as const) {
      for (const resource of ['cpu', 'memory']) {
        if (c.resources?.[kind]?.[resource] === undefined) problems.push(`${at}: no ${kind}.${resource}`);
      }
    }
    const sc = c.securityContext ?? {};
    if (sc.allowPrivilegeEscalation !== false) problems.push(`${at}: allowPrivilegeEscalation is not false`);
    if (sc.privileged) problems.push(`${at}: privileged`);
    if (!(sc.capabilities?.drop ?? []).includes('ALL'))
      problems.push(`${at}: capabilities are not dropped (drop: [ALL])`);
    if ((sc.capabilities?.add ?? []).length > 0) problems.push(`${at}: adds capabilities`);
    if (!(sc.runAsNonRoot === true || (podNonRoot && sc.runAsNonRoot !== false)))
      problems.push(`${at}: may run as root`);
    // Kubernetes rejects probes on (non-sidecar) init containers: only the main containers need them.
    if (longRunning.has(object.kind) && !initNames.has(c.name)) {
      if (!c.readinessProbe) problems.push(`${at}: no readinessProbe`);
      if (!c.livenessProbe) problems.push(`${at}: no livenessProbe`);
    }
    for (const env of c.env ?? []) {
      if (!CREDENTIAL_ENV.test(env.name) || env.valueFrom !== undefined) continue;
      if (typeof env.value === 'string' && ONLY_REFERENCES.test(env.value)) continue;
      problems.push(`${at}: env ${env.name} holds a literal value; take it from a Secret (valueFrom.secretKeyRef)`);
    }
  }
  return problems;
}
