import type { K8sObject } from './helm.js';

/**
 * Validates a rendered object against the Kubernetes / CRD OpenAPI schemas shipped by `kubernetes-models` and
 * `@kubernetes-models/*` (offline). An apiVersion/kind without a model is an error, never silently skipped.
 */
const crdPackages: Record<string, string> = {
  'external-secrets.io': '@kubernetes-models/external-secrets',
  'bitnami.com': '@kubernetes-models/sealed-secrets',
  'monitoring.coreos.com': '@kubernetes-models/prometheus-operator',
  'argoproj.io': '@kubernetes-models/argo-cd',
  'helm.toolkit.fluxcd.io': '@kubernetes-models/flux-cd',
  'kustomize.toolkit.fluxcd.io': '@kubernetes-models/flux-cd',
  'source.toolkit.fluxcd.io': '@kubernetes-models/flux-cd',
};

type ModelClass = new (data: unknown) => { validate(): void };

export function modelModule(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  if (slash < 0) return `kubernetes-models/${apiVersion}`; // core group: v1
  const group = apiVersion.slice(0, slash);
  const pkg = crdPackages[group];
  if (pkg) return `${pkg}/${apiVersion}`;
  return `kubernetes-models/${apiVersion}`;
}

export async function validateObject(object: K8sObject): Promise<void> {
  const module = modelModule(object.apiVersion);
  let exports: Record<string, unknown>;
  try {
    exports = (await import(module)) as Record<string, unknown>;
  } catch {
    throw new Error(
      `${object.kind}/${object.metadata?.name}: no schema for apiVersion ${object.apiVersion} (${module})`,
    );
  }
  const Model = exports[object.kind] as ModelClass | undefined;
  if (typeof Model !== 'function') {
    throw new Error(`${object.kind}/${object.metadata?.name}: ${module} has no kind ${object.kind}`);
  }
  try {
    new Model(object).validate();
  } catch (error) {
    throw new Error(`${object.kind}/${object.metadata?.name} does not match its schema: ${(error as Error).message}`);
  }
}
