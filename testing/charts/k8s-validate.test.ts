import { describe, expect, it } from 'vitest';
import type { K8sObject } from './helm.js';
import { modelModule, validateObject } from './k8s-validate.js';
import { checkWorkload } from './policy.js';

const object = (o: Record<string, unknown>) => o as unknown as K8sObject;

describe('offline schema validation (kubernetes-models)', () => {
  it('maps API groups to the model packages', () => {
    expect(modelModule('v1')).toBe('kubernetes-models/v1');
    expect(modelModule('apps/v1')).toBe('kubernetes-models/apps/v1');
    expect(modelModule('external-secrets.io/v1')).toBe('@kubernetes-models/external-secrets/external-secrets.io/v1');
    expect(modelModule('helm.toolkit.fluxcd.io/v2')).toBe('@kubernetes-models/flux-cd/helm.toolkit.fluxcd.io/v2');
  });

  it('rejects malformed core and CRD objects and unknown kinds', async () => {
    const bad = [
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'x' },
        spec: { replicas: 'two', selector: {}, template: {} },
      },
      { apiVersion: 'helm.toolkit.fluxcd.io/v2', kind: 'HelmRelease', metadata: { name: 'x' }, spec: { interval: 5 } },
      {
        apiVersion: 'external-secrets.io/v1',
        kind: 'ExternalSecret',
        metadata: { name: 'x' },
        spec: { secretStoreRef: { kind: 'Nope' } },
      },
      { apiVersion: 'v1', kind: 'NotAKind', metadata: { name: 'x' } },
    ];
    for (const o of bad) await expect(validateObject(object(o))).rejects.toThrow();
    await expect(
      validateObject(object({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'ok' }, data: { a: 'b' } })),
    ).resolves.toBeUndefined();
  });
});

describe('workload policy', () => {
  it('accepts a compliant pod whose init container has no probes', () => {
    const secure = {
      resources: { requests: { cpu: '10m', memory: '16Mi' }, limits: { cpu: '100m', memory: '64Mi' } },
      securityContext: { allowPrivilegeEscalation: false, runAsNonRoot: true, capabilities: { drop: ['ALL'] } },
    };
    const probe = { tcpSocket: { port: 80 } };
    const ok = checkWorkload(
      object({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'ok' },
        spec: {
          template: {
            spec: {
              initContainers: [{ name: 'wait', image: 'busybox:1.37', ...secure }],
              containers: [{ name: 'c', image: 'nginx:1.29', readinessProbe: probe, livenessProbe: probe, ...secure }],
            },
          },
        },
      }),
    );
    expect(ok).toEqual([]);
  });

  it('reports every rule a bad pod breaks', () => {
    const problems = checkWorkload(
      object({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'bad' },
        spec: {
          template: {
            spec: {
              containers: [{ name: 'c', image: 'nginx:latest', env: [{ name: 'DB_PASSWORD', value: 'hunter2' }] }],
            },
          },
        },
      }),
    );
    for (const rule of [
      'mutable tag',
      'no requests.cpu',
      'no limits.memory',
      'allowPrivilegeEscalation',
      'capabilities',
      'may run as root',
      'no readinessProbe',
      'no livenessProbe',
      'env DB_PASSWORD',
    ]) {
      expect(problems.some((p) => p.includes(rule))).toBe(true);
    }
  });
});
