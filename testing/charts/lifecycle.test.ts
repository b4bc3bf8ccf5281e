/**
 * floe's charts on a real Kubernetes control plane (testing/fixtures/kube: kube-apiserver with RBAC and the
 * default admission plugins, PodSecurity included; the controllers; the scheduler; kwok playing the nodes). What a
 * cluster decides, and `helm template` cannot: admission, strict field validation, immutable fields across upgrades
 * and rollbacks, hooks, what `helm uninstall` leaves behind, RBAC, PodDisruptionBudgets during a drain.
 *
 * kwok runs no container: pods become Ready, pods of Jobs and bare `helm test` pods Succeed, without executing.
 * The Dagster subchart is the offline fixture (testing/charts/fixtures/dagster): floe-dagster's own objects are
 * proven here, the official chart's only online (`make helm-test-render`).
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type KubeCluster, kubeAvailability, startCluster } from '../fixtures/kube/cluster.js';
import { missingTools, skipWithoutTool } from '../fixtures/stack/availability.js';
import {
  type ChartName,
  charts,
  fileArgs,
  helm,
  type K8sObject,
  parseManifests,
  prepareCharts,
  repoRoot,
  valuesFiles,
  writeDemoArtifacts,
} from './helm.js';

const availability = kubeAvailability();
if (!availability.available) console.warn(`[kube] chart lifecycle tests: ${missingTools(availability)}`);

const matrix: [ChartName, string][] = [];
for (const chart of charts) for (const v of await valuesFiles(chart)) matrix.push([chart, v]);

interface PodJson {
  metadata: { name: string };
  spec: {
    volumes?: {
      secret?: { secretName: string; optional?: boolean };
      projected?: { sources?: { secret?: { name: string; optional?: boolean } }[] };
    }[];
    containers: ContainerJson[];
    initContainers?: ContainerJson[];
  };
}
interface RunK8sConfig {
  containerConfig?: Record<string, unknown>;
  podSpecConfig?: Record<string, unknown>;
  podTemplateSpecMetadata?: Record<string, unknown>;
}
interface ContainerJson {
  envFrom?: { secretRef?: { name: string; optional?: boolean } }[];
  env?: { valueFrom?: { secretKeyRef?: { name: string; key: string; optional?: boolean } } }[];
}

/** The Secrets of existingSecret mode (what floe-infrastructure, a secret manager or the user provides). */
const EXISTING_SECRETS: Record<string, Record<string, string>> = {
  'floe-postgresql': { password: 'pg-test', 'postgresql-password': 'pg-test' },
  'floe-objectstore': { 'access-key-id': 'test-key', 'secret-access-key': 'test-secret' },
  'floe-polaris-root': { 'client-id': 'root', 'client-secret': 'root-secret' },
  'floe-polaris': { 'client-id': 'floe', 'client-secret': 'floe-secret' },
  'floe-cube': { 'api-secret': 'cube-test-secret', 'sql-password': 'cube-sql' },
};
const TIMEOUT = '180s';
/** A vitest timeout for tests that install (helm waits up to TIMEOUT per step). */
const LONG = 600_000;

describe.skipIf(skipWithoutTool(availability))('the charts on a real Kubernetes control plane', () => {
  let cluster: KubeCluster;
  let work = '';
  const files = { artifacts: '', platform: join(repoRoot, 'demo/platform/k8s.yaml') };
  let namespaces = 0;

  beforeAll(async () => {
    const [charts, clusterDir] = await Promise.all([prepareCharts(), mkdtemp(join(tmpdir(), 'floe-lifecycle-'))]);
    work = charts;
    Object.assign(files, await writeDemoArtifacts(work));
    cluster = await startCluster(clusterDir, { nodes: 3, volumes: 80 });
    mkdirSync(join(repoRoot, '.cache'), { recursive: true });
    writeFileSync(join(repoRoot, '.cache/kubernetes-proven.txt'), `${cluster.version}\n`);
  }, 240_000);
  afterAll(async () => {
    await cluster?.stop();
    if (cluster) rmSync(cluster.dir, { recursive: true, force: true });
    if (work) rmSync(work, { recursive: true, force: true });
  });

  const releaseOf = (chart: ChartName) => (chart === 'floe-runtime' ? 'floe' : chart);
  const valuesArgs = (chart: ChartName, valuesFile: string) => [
    '-f',
    join(work, chart, valuesFile),
    ...fileArgs(chart, files),
  ];

  /** A fresh namespace that enforces (and warns about) PodSecurity `restricted`, with the pre-existing Secrets. */
  async function namespace(prefix: string, secrets = Object.keys(EXISTING_SECRETS)): Promise<string> {
    namespaces += 1;
    const name = `${prefix}-${namespaces}`.slice(0, 63);
    await cluster.kubectl(['create', 'namespace', name]);
    await cluster.kubectl([
      'label',
      'namespace',
      name,
      'pod-security.kubernetes.io/enforce=restricted',
      'pod-security.kubernetes.io/warn=restricted',
      'pod-security.kubernetes.io/audit=restricted',
    ]);
    const items = secrets.map((secret) => ({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: secret, namespace: name, labels: { 'floe.dev/test-provided': 'true' } },
      stringData: EXISTING_SECRETS[secret],
    }));
    if (items.length > 0)
      await cluster.kubectl(['apply', '-f', '-'], { input: JSON.stringify({ apiVersion: 'v1', kind: 'List', items }) });
    return name;
  }

  /**
   * A namespace with the Secrets a user provides before installing: all of EXISTING_SECRETS but those the release
   * renders itself and floe's Polaris client Secret when the release runs the Polaris init job (the job writes it).
   */
  async function namespaceFor(prefix: string, chart: ChartName, valuesFile: string): Promise<string> {
    return namespaceForReleases(prefix, [[chart, valuesFile]]);
  }

  /** namespaceFor, for several releases installed side by side in one namespace. */
  async function namespaceForReleases(prefix: string, releases: [ChartName, string][]): Promise<string> {
    const own = new Set<string>();
    for (const [chart, valuesFile] of releases) {
      const { stdout } = await helm([
        'template',
        releaseOf(chart),
        join(work, chart),
        ...valuesArgs(chart, valuesFile),
      ]);
      const objects = parseManifests(stdout);
      for (const o of objects) if (o.kind === 'Secret') own.add(o.metadata.name);
      const initJob = (o: K8sObject) =>
        o.kind === 'Job' && o.metadata.labels?.['app.kubernetes.io/component'] === 'polaris-init';
      if (objects.some(initJob)) own.add('floe-polaris');
    }
    return namespace(
      prefix,
      Object.keys(EXISTING_SECRETS).filter((s) => !own.has(s)),
    );
  }

  /**
   * What a kubelet would refuse to start and kwok does not check: every Secret a pod needs (a volume, envFrom, a
   * secretKeyRef) that is not marked optional exists, with the key asked for. As `pod: secret[/key]`.
   */
  async function unresolvedSecrets(ns: string): Promise<string[]> {
    const secrets = JSON.parse(await cluster.kubectl(['get', 'secrets', '-n', ns, '-o', 'json'])) as {
      items: { metadata: { name: string }; data?: Record<string, string> }[];
    };
    const keys = new Map(secrets.items.map((s) => [s.metadata.name, new Set(Object.keys(s.data ?? {}))]));
    const pods = JSON.parse(await cluster.kubectl(['get', 'pods', '-n', ns, '-o', 'json'])) as { items: PodJson[] };
    const missing: string[] = [];
    for (const pod of pods.items) {
      const need = (name: string, optional: boolean | undefined, key?: string) => {
        if (optional) return;
        const present = keys.get(name);
        if (!present) missing.push(`${pod.metadata.name}: ${name}`);
        else if (key && !present.has(key)) missing.push(`${pod.metadata.name}: ${name}/${key}`);
      };
      for (const volume of pod.spec.volumes ?? []) {
        if (volume.secret) need(volume.secret.secretName, volume.secret.optional);
        for (const source of volume.projected?.sources ?? [])
          if (source.secret) need(source.secret.name, source.secret.optional);
      }
      for (const container of [...pod.spec.containers, ...(pod.spec.initContainers ?? [])]) {
        for (const from of container.envFrom ?? [])
          if (from.secretRef) need(from.secretRef.name, from.secretRef.optional);
        for (const env of container.env ?? []) {
          const ref = env.valueFrom?.secretKeyRef;
          if (ref) need(ref.name, ref.optional, ref.key);
        }
      }
    }
    return [...new Set(missing)].sort();
  }

  const install = (chart: ChartName, valuesFile: string, ns: string, extra: string[] = []) =>
    cluster.helm([
      'install',
      releaseOf(chart),
      join(work, chart),
      '-n',
      ns,
      ...valuesArgs(chart, valuesFile),
      '--wait',
      '--wait-for-jobs',
      '--timeout',
      TIMEOUT,
      ...extra,
    ]);

  /** Everything of every namespaced kind in `ns`, as `Kind/name`. */
  async function inventory(ns: string): Promise<string[]> {
    const kinds = (await cluster.kubectl(['api-resources', '--verbs=list', '--namespaced', '-o', 'name']))
      .split('\n')
      .filter((k) => k && !/^(events|events\.events\.k8s\.io)$/.test(k));
    const list = JSON.parse(await cluster.kubectl(['get', kinds.join(','), '-n', ns, '-o', 'json'])) as {
      items: K8sObject[];
    };
    return list.items.map((o) => `${o.kind}/${o.metadata.name}`).sort();
  }

  describe('server-side apply with strict field validation, in a PodSecurity-restricted namespace', () => {
    it.each(matrix)('%s -f %s', async (chart, valuesFile) => {
      const ns = await namespaceFor('apply', chart, valuesFile);
      const { stdout: manifests } = await helm([
        'template',
        releaseOf(chart),
        join(work, chart),
        '-n',
        ns,
        ...valuesArgs(chart, valuesFile),
      ]);
      const { stderr } = await cluster.kubectlOutput(
        [
          'apply',
          '--server-side',
          '--dry-run=server',
          '--validate=strict',
          '--field-manager=floe-chart-test',
          '-n',
          ns,
          '-f',
          '-',
        ],
        { input: manifests },
      );
      expect(stderr).not.toMatch(/PodSecurity|unknown field|duplicate field/i);
    });
  });

  describe('helm install --wait --wait-for-jobs, helm test, helm uninstall: nothing of the release remains', () => {
    it.each(matrix)(
      '%s -f %s',
      async (chart, valuesFile) => {
        const ns = await namespaceFor('life', chart, valuesFile);
        const before = await inventory(ns);
        await install(chart, valuesFile, ns);
        const status = JSON.parse(await cluster.helm(['status', releaseOf(chart), '-n', ns, '-o', 'json'])) as {
          info: { status: string };
        };
        expect(status.info.status).toBe('deployed');
        expect(await unresolvedSecrets(ns)).toEqual([]);
        if (chart === 'floe-dagster' || chart === 'floe-runtime') await expectRunPodAdmitted(chart, ns);
        await cluster.helm(['test', releaseOf(chart), '-n', ns, '--timeout', TIMEOUT]);
        const kept = await keptByDesign(chart, valuesFile);
        await uninstall(chart, ns);
        const after = (await inventory(ns)).filter((o) => !before.includes(o));
        expect(after.sort()).toEqual(kept.sort());
      },
      LONG,
    );
  });

  /**
   * The upgrades users make (each values file to the one it leads to; credentials modes switched; persistence turned
   * on; replicas changed), each followed by `helm rollback` to the revision before it. Where Kubernetes cannot make a
   * change in place (a StatefulSet's volume claims) or Helm would leave a Secret behind that breaks a rollback (mode
   * generate → another mode), the chart refuses the upgrade before anything changes, naming the values key, and says
   * what to do: the test does exactly what the message says, then upgrades again. A rollback across a replaced
   * StatefulSet needs the same step (Helm re-applies the old manifest; docs/06-deployment-view.md says so).
   */
  const upgrades: { chart: ChartName; from: string; to: string; set?: string[]; refusals?: string[] }[] = [
    {
      chart: 'floe-infrastructure',
      from: 'values-local.yaml',
      to: 'values-prod.yaml',
      refusals: ['credentials.mode', 'objectStore.persistence.enabled', 'postgresql.persistence.enabled'],
    },
    {
      chart: 'floe-infrastructure',
      from: 'values.yaml',
      to: 'values-prod.yaml',
      refusals: ['objectStore.persistence.size', 'postgresql.persistence.size'],
    },
    { chart: 'floe-infrastructure', from: 'values-prod.yaml', to: 'values-prod.yaml', set: ['polaris.replicas=3'] },
    { chart: 'floe-dagster', from: 'values-local.yaml', to: 'values-dev.yaml' },
    { chart: 'floe-dagster', from: 'values-dev.yaml', to: 'values-prod.yaml' },
    { chart: 'floe-dagster', from: 'values-demo.yaml', to: 'values-prod.yaml' },
    { chart: 'floe-dagster', from: 'values.yaml', to: 'values-trino.yaml' },
    { chart: 'floe-cube', from: 'values-local.yaml', to: 'values-prod.yaml', refusals: ['credentials.mode'] },
    { chart: 'floe-cube', from: 'values.yaml', to: 'values-prod.yaml' },
    { chart: 'floe-cube', from: 'values.yaml', to: 'values-trino.yaml' },
    { chart: 'floe-cube', from: 'values-prod.yaml', to: 'values-prod.yaml', set: ['api.replicas=4'] },
    {
      chart: 'floe-runtime',
      from: 'values-local.yaml',
      to: 'values-prod.yaml',
      refusals: [
        'credentials.mode',
        'credentials.mode',
        'objectStore.persistence.enabled',
        'postgresql.persistence.enabled',
      ],
    },
  ];

  /** Runs what a refusal message says to run (the kubectl commands in it); returns the values key it names. */
  async function followRefusal(message: string): Promise<string> {
    const key = /execution error at \([^)]*\): ([\w.]+):/.exec(message)?.[1];
    if (!key) throw new Error(`not a refusal of the chart: ${message}`);
    const statefulset = /kubectl -n ([\w.-]+) delete statefulset ([\w.-]+)( --cascade=orphan)?/.exec(message);
    const secrets = /delete them \(kubectl -n (\S+) delete secret ([^)]+)\)/.exec(message);
    if (secrets)
      await cluster.kubectl(['-n', secrets[1] as string, 'delete', 'secret', ...(secrets[2] as string).split(' ')]);
    else if (statefulset) {
      // The size message first asks to grow each claim (a storage class with volume expansion; the test pool's
      // static volumes have none), then to replace the StatefulSet, which is what the test does.
      const [, namespace, name, orphan] = statefulset as unknown as [string, string, string, string | undefined];
      await cluster.kubectl([
        '-n',
        namespace,
        'delete',
        'statefulset',
        name,
        ...(orphan ? ['--cascade=orphan'] : ['--wait']),
      ]);
    } else throw new Error(`a refusal without steps to follow: ${message}`);
    return key;
  }

  describe('upgrades between values files, then helm rollback', () => {
    it.each(
      upgrades.map((u) => [`${u.chart}: ${u.from} → ${u.to}${u.set ? ` --set ${u.set.join(',')}` : ''}`, u] as const),
    )(
      '%s',
      async (_label, { chart, from, to, set = [], refusals = [] }) => {
        const ns = await namespaceFor('upgrade', chart, from);
        await install(chart, from, ns);
        const args = [
          'upgrade',
          releaseOf(chart),
          join(work, chart),
          '-n',
          ns,
          ...valuesArgs(chart, to),
          ...set.flatMap((s) => ['--set', s]),
          '--wait',
          '--wait-for-jobs',
          '--timeout',
          TIMEOUT,
        ];
        const refused: string[] = [];
        for (;;) {
          try {
            await cluster.helm(args);
            break;
          } catch (error) {
            if (refused.length >= refusals.length) throw error;
            // Refused before anything changed: still revision 1.
            expect(await revision(chart, ns)).toEqual({ revision: 1, status: 'deployed' });
            refused.push(await followRefusal((error as Error).message));
          }
        }
        expect(refused.sort()).toEqual([...refusals].sort());
        expect(await revision(chart, ns)).toEqual({ revision: 2, status: 'deployed' });
        const rollback = [
          'rollback',
          releaseOf(chart),
          '1',
          '-n',
          ns,
          '--wait',
          '--wait-for-jobs',
          '--timeout',
          TIMEOUT,
        ];
        for (let attempt = 0; ; attempt++) {
          try {
            await cluster.helm(rollback);
            break;
          } catch (error) {
            // Only across a replaced StatefulSet, and only once: delete it first, as the docs say (its pods restart
            // with the volumes of the revision rolled back to).
            const sets = [...(error as Error).message.matchAll(/cannot patch "([^"]+)" with kind StatefulSet/g)];
            if (attempt > 0 || sets.length === 0 || refusals.length === 0) throw error;
            for (const [, name] of sets)
              await cluster.kubectl(['-n', ns, 'delete', 'statefulset', name as string, '--wait']);
          }
        }
        expect((await revision(chart, ns)).status).toBe('deployed');
        await deploymentsAvailable(ns);
        await uninstall(chart, ns);
      },
      LONG,
    );
  });

  describe('the three charts as separate releases in one namespace (make deploy-local-full, docs/deploy.md)', () => {
    it.each(['values-local.yaml', 'values-prod.yaml'])(
      'floe-infrastructure, floe-dagster, floe-cube -f %s',
      async (valuesFile) => {
        const releases: [ChartName, string][] = [
          ['floe-infrastructure', valuesFile],
          ['floe-dagster', valuesFile],
          ['floe-cube', valuesFile],
        ];
        const ns = await namespaceForReleases('separate', releases);
        for (const [chart, values] of releases) await install(chart, values, ns);
        expect(await unresolvedSecrets(ns)).toEqual([]);
        for (const [chart] of [...releases].reverse()) await uninstall(chart, ns);
      },
      LONG,
    );
  });

  it(
    'two floe releases in two namespaces install and uninstall independently',
    async () => {
      const [a, b] = [
        await namespaceFor('team-a', 'floe-runtime', 'values-local.yaml'),
        await namespaceFor('team-b', 'floe-runtime', 'values-local.yaml'),
      ];
      await install('floe-runtime', 'values-local.yaml', a);
      await install('floe-runtime', 'values-local.yaml', b);
      const podsOf = async (ns: string) =>
        (await cluster.kubectl(['get', 'pods', '-n', ns, '-l', 'app.kubernetes.io/instance=floe', '-o', 'name']))
          .split('\n')
          .filter(Boolean)
          .sort();
      const podsOfB = await podsOf(b);
      expect(podsOfB.length).toBeGreaterThan(3);
      await uninstall('floe-runtime', a);
      expect(await podsOf(a)).toEqual([]);
      expect(await podsOf(b)).toEqual(podsOfB);
      expect(await revision('floe-runtime', b)).toEqual({ revision: 1, status: 'deployed' });
      await cluster.kubectl(['wait', '--for=condition=Available', 'deployment', '--all', '-n', b, '--timeout=60s']);
      await uninstall('floe-runtime', b);
    },
    LONG,
  );

  it("the Polaris init job's RBAC grants exactly what it needs", async () => {
    const ns = await namespaceFor('rbac', 'floe-infrastructure', 'values-local.yaml');
    const { stdout } = await helm([
      'template',
      releaseOf('floe-infrastructure'),
      join(work, 'floe-infrastructure'),
      '-n',
      ns,
      ...valuesArgs('floe-infrastructure', 'values-local.yaml'),
    ]);
    const rbac = parseManifests(stdout).filter(
      (o) => /polaris-init$/.test(o.metadata.name) && ['ServiceAccount', 'Role', 'RoleBinding'].includes(o.kind),
    );
    expect(rbac.map((o) => o.kind).sort()).toEqual(['Role', 'RoleBinding', 'ServiceAccount']);
    await cluster.kubectl(['apply', '-n', ns, '-f', '-'], {
      input: JSON.stringify({ apiVersion: 'v1', kind: 'List', items: rbac }),
    });
    const as = `--as=system:serviceaccount:${ns}:${rbac[0]?.metadata.name}`;
    const can = async (...args: string[]) =>
      (await cluster.kubectlOutput(['auth', 'can-i', ...args, as]).catch((e: Error) => ({ stdout: e.message }))).stdout
        .trim()
        .endsWith('yes');
    // What the job does: create floe's client Secret, then read and update it.
    for (const verb of ['get', 'update', 'patch'])
      expect(await can(verb, 'secret/floe-polaris', '-n', ns), `${verb} secret/floe-polaris`).toBe(true);
    expect(await can('create', 'secrets', '-n', ns)).toBe(true);
    // Nothing else: no other Secret (the root credentials included), no listing, no deleting, no other namespace.
    const forbidden: string[][] = [
      ['get', 'secret/floe-polaris-root', '-n', ns],
      ['get', 'secret/floe-postgresql', '-n', ns],
      ['list', 'secrets', '-n', ns],
      ['watch', 'secrets', '-n', ns],
      ['delete', 'secret/floe-polaris', '-n', ns],
      ['get', 'secret/floe-polaris', '-n', 'default'],
      ['create', 'secrets', '-n', 'default'],
      ['create', 'pods', '-n', ns],
      ['get', 'configmaps', '-n', ns],
      ['list', 'secrets', '--all-namespaces'],
      ['create', 'rolebindings', '-n', ns],
    ];
    for (const args of forbidden) expect(await can(...args), args.join(' ')).toBe(false);
  });

  describe('PodDisruptionBudgets let nodes drain', () => {
    it.each(['values.yaml', 'values-prod.yaml'])(
      'floe-runtime -f %s: every node drains in turn',
      async (valuesFile) => {
        const ns = await namespaceFor('drain', 'floe-runtime', valuesFile);
        await install('floe-runtime', valuesFile, ns);
        for (const node of cluster.nodes) {
          await cluster.kubectl([
            'drain',
            node,
            '--ignore-daemonsets',
            '--delete-emptydir-data',
            '--timeout=90s',
            `--pod-selector=app.kubernetes.io/instance=floe`,
          ]);
          await cluster.kubectl(['uncordon', node]);
          await cluster.kubectl([
            'wait',
            '--for=condition=Available',
            'deployment',
            '--all',
            '-n',
            ns,
            '--timeout=90s',
          ]);
        }
        await uninstall('floe-runtime', ns);
      },
      LONG,
    );

    it(
      'a running Dagster run survives a Helm upgrade and holds its node until it ends (floe-dagster run-worker budget)',
      async () => {
        const ns = await namespaceFor('run', 'floe-dagster', 'values.yaml');
        await install('floe-dagster', 'values.yaml', ns);
        const node = cluster.nodes[0] as string;
        // A run pod as Dagster's K8sRunLauncher starts it (labels from values: runWorkers.selectorLabels), on `node`.
        await cluster.kubectl(['apply', '-n', ns, '-f', '-'], {
          input: JSON.stringify({
            apiVersion: 'v1',
            kind: 'Pod',
            metadata: { name: 'dagster-run-1', labels: { 'floe.dev/run-worker': 'true' } },
            spec: {
              nodeName: node,
              restartPolicy: 'OnFailure',
              securityContext: { runAsNonRoot: true, runAsUser: 10001, seccompProfile: { type: 'RuntimeDefault' } },
              containers: [
                {
                  name: 'run',
                  image: 'registry.invalid/floe@sha256:' + '0'.repeat(64),
                  securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
                },
              ],
            },
          }),
        });
        await cluster.kubectl(['wait', '--for=condition=Ready', 'pod/dagster-run-1', '-n', ns, '--timeout=60s']);
        const uid = async () =>
          cluster.kubectl(['get', 'pod', 'dagster-run-1', '-n', ns, '-o', 'jsonpath={.metadata.uid}']);
        const before = await uid();
        // A Helm upgrade during the run (new values) leaves the run's pod alone.
        await cluster.helm([
          'upgrade',
          releaseOf('floe-dagster'),
          join(work, 'floe-dagster'),
          '-n',
          ns,
          ...valuesArgs('floe-dagster', 'values-dev.yaml'),
          '--wait',
          '--timeout',
          TIMEOUT,
        ]);
        expect(await uid()).toBe(before);
        await expect(
          // --force: the stand-in run pod has no Job owning it (kwok would complete a Job's pod at once); a forced drain
          // still evicts through the Eviction API, which the budget refuses.
          cluster.kubectl([
            'drain',
            node,
            '--force',
            '--ignore-daemonsets',
            '--delete-emptydir-data',
            '--timeout=8s',
            '--pod-selector=floe.dev/run-worker=true',
          ]),
        ).rejects.toThrow(/disruption budget/);
        // The run ends (its pod goes): the drain goes through.
        await cluster.kubectl(['delete', 'pod', 'dagster-run-1', '-n', ns, '--wait']);
        // (Only this test's pods: other suites' releases may still be on the node.)
        await cluster.kubectl([
          'drain',
          node,
          '--ignore-daemonsets',
          '--delete-emptydir-data',
          '--timeout=60s',
          '--pod-selector=app.kubernetes.io/instance=floe-dagster',
        ]);
        await cluster.kubectl(['uncordon', node]);
        await uninstall('floe-dagster', ns);
      },
      LONG,
    );
  });

  /**
   * Dagster's run pods are created by its run launcher from the release's values (`runK8sConfig`), not rendered by a
   * chart: the pod those values describe, as the launcher builds it, must pass PodSecurity `restricted` admission.
   */
  async function expectRunPodAdmitted(chart: ChartName, ns: string): Promise<void> {
    const values = JSON.parse(
      await cluster.helm(['get', 'values', releaseOf(chart), '-n', ns, '--all', '-o', 'json']),
    ) as Record<string, unknown>;
    const dagsterValues = (chart === 'floe-runtime' ? values['floe-dagster'] : values) as {
      dagster: { runLauncher: { config: { k8sRunLauncher: { runK8sConfig: RunK8sConfig } } } };
    };
    const config = dagsterValues.dagster.runLauncher.config.k8sRunLauncher.runK8sConfig;
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'dagster-run-admission', ...config.podTemplateSpecMetadata },
      spec: {
        restartPolicy: 'Never',
        ...config.podSpecConfig,
        containers: [{ name: 'dagster', image: 'ghcr.io/floe-data/floe-dagster:0.1.0', ...config.containerConfig }],
      },
    };
    const { stderr } = await cluster.kubectlOutput(['apply', '--dry-run=server', '-n', ns, '-f', '-'], {
      input: JSON.stringify(pod),
    });
    expect(stderr).not.toMatch(/PodSecurity/);
  }

  /** Every Deployment of `ns` available (floe-dagster renders none offline: its Deployments are the Dagster chart's). */
  async function deploymentsAvailable(ns: string): Promise<void> {
    if ((await cluster.kubectl(['get', 'deployments', '-n', ns, '-o', 'name'])).trim() === '') return;
    await cluster.kubectl(['wait', '--for=condition=Available', 'deployment', '--all', '-n', ns, '--timeout=90s']);
  }

  async function revision(chart: ChartName, ns: string): Promise<{ revision: number; status: string }> {
    const status = JSON.parse(await cluster.helm(['status', releaseOf(chart), '-n', ns, '-o', 'json'])) as {
      version: number;
      info: { status: string };
    };
    return { revision: status.version, status: status.info.status };
  }

  /** `helm uninstall`, waiting until the release's objects and their dependents (pods) are gone. */
  async function uninstall(chart: ChartName, ns: string): Promise<void> {
    await cluster.helm([
      'uninstall',
      releaseOf(chart),
      '-n',
      ns,
      '--wait',
      '--cascade',
      'foreground',
      '--timeout',
      TIMEOUT,
    ]);
  }

  /**
   * What a release leaves behind by design (docs/06-deployment-view.md and each chart's NOTES): the Secrets it
   * generated (kept so that data encrypted or owned with them stays readable after a reinstall) and the volumes of
   * its StatefulSets (Kubernetes never deletes those with the StatefulSet).
   */
  async function keptByDesign(chart: ChartName, valuesFile: string): Promise<string[]> {
    const { stdout } = await helm(['template', releaseOf(chart), join(work, chart), ...valuesArgs(chart, valuesFile)]);
    const objects = parseManifests(stdout);
    const kept = objects
      .filter((o) => o.metadata.annotations?.['helm.sh/resource-policy'] === 'keep')
      .map((o) => `${o.kind}/${o.metadata.name}`);
    for (const set of objects.filter((o) => o.kind === 'StatefulSet')) {
      const spec = set.spec as { replicas?: number; volumeClaimTemplates?: { metadata: { name: string } }[] };
      for (const template of spec.volumeClaimTemplates ?? [])
        for (let i = 0; i < (spec.replicas ?? 1); i++)
          kept.push(`PersistentVolumeClaim/${template.metadata.name}-${set.metadata.name}-${i}`);
    }
    return kept;
  }
});
