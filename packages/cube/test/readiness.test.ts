/**
 * Cube's health endpoints under floe, on real peers: `/readyz` follows Cube's database (DuckDB mode: the Iceberg REST
 * catalog and the object storage the tables live in; Trino mode: Trino), `/livez` does not. A dependency outage must
 * take the pod out of its Service (readinessProbe on /readyz), never restart it (livenessProbe on /livez).
 *
 * Peers: versitygw (S3), Apache Iceberg's REST catalog server (S3FileIO on versitygw) with floe-written gold tables,
 * Trino 476. Each peer sits behind a TCP forwarder (`outage-proxy.ts`) that cuts it off the way a stopped server looks
 * (connection refused) or a frozen one (accepted, never answered) and brings it back on the same address: the catalog
 * keeps its state, which a stopped and restarted fixture would not (its SQLite catalog lives in a temp dir).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { type Catalog, loadCatalog } from '@floe/iceberg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type RestCatalogServer,
  restCatalogServerAvailability,
  startRestCatalogServer,
} from '../../../testing/fixtures/iceberg-rest/server.js';
import { type S3Server, s3ServerAvailable, startS3Server } from '../../../testing/fixtures/s3/versitygw.js';
import { skipWithoutTool, type ToolAvailability } from '../../../testing/fixtures/stack/availability.js';
import { startTrino, type TrinoServer, trinoAvailability } from '../../../testing/fixtures/trino/server.js';
import { cubeLoad } from '../src/client.js';
import type { CubeLogger } from '../src/logger.js';
import { type CubeServer, startCube } from '../src/server.js';
import { IcebergTableSource } from '../src/tables/iceberg-source.js';
import { DEMO_MODEL } from './fixture.js';
import { goldIcebergTables } from './iceberg-fixture.js';
import { type Outage, type OutageProxy, startOutageProxy } from './outage-proxy.js';

/** The chart's probes give up after 5 s (timeoutSeconds): so does every probe here. */
const PROBE_TIMEOUT_MS = 5_000;
/** How long a cut may take to show in /readyz, and a restored peer to show again. */
const DOWN_WITHIN_MS = 10_000;
const UP_WITHIN_MS = 15_000;

interface Probe {
  /** HTTP status; 0 when there was no answer within PROBE_TIMEOUT_MS. */
  status: number;
  health?: string;
  ms: number;
}

async function probe(url: string, endpoint: '/readyz' | '/livez'): Promise<Probe> {
  const started = Date.now();
  try {
    const response = await fetch(`${url}${endpoint}`, { signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
    const body = (await response.json().catch(() => ({}))) as { health?: string };
    return { status: response.status, ...(body.health ? { health: body.health } : {}), ms: Date.now() - started };
  } catch {
    return { status: 0, ms: Date.now() - started };
  }
}

/** Probes `/readyz` every 250 ms until `wanted` holds; returns that probe and the time from `since`. */
async function readyzUntil(url: string, wanted: (p: Probe) => boolean, withinMs: number, since = Date.now()) {
  const seen: number[] = [];
  for (;;) {
    const p = await probe(url, '/readyz');
    seen.push(p.status);
    if (wanted(p)) return { probe: p, afterMs: Date.now() - since };
    if (Date.now() - since > withinMs) {
      throw new Error(`/readyz did not change within ${withinMs} ms (statuses seen: ${seen.join(', ')})`);
    }
    await sleep(250);
  }
}

/** Probes `/livez` every 200 ms in the background; `stop` returns every probe made. */
function watchLivez(url: string): { stop(): Promise<Probe[]> } {
  const probes: Probe[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      probes.push(await probe(url, '/livez'));
      await sleep(200);
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return probes;
    },
  };
}

export interface OutageTimings {
  /** From the cut to the first /readyz that is not 200. */
  downAfterMs: number;
  /** From the restore to the first /readyz 200. */
  upAfterMs: number;
  livezProbes: number;
  livezMaxMs: number;
}

/** Cuts a peer, waits for /readyz to turn non-200 and stay so, restores the peer and waits for /readyz 200. */
async function cutAndRestore(url: string, cut: () => Promise<void>, restore: () => Promise<void>) {
  const cutAt = Date.now();
  await cut();
  const down = await readyzUntil(url, (p) => p.status !== 200, DOWN_WITHIN_MS, cutAt);
  // Cube caches a probe's answer for 1 s: a later probe asks again.
  await sleep(1_200);
  const still = await probe(url, '/readyz');
  expect(still.status).toBe(500);
  expect(still.health).toBe('DOWN');
  const restoredAt = Date.now();
  await restore();
  const up = await readyzUntil(url, (p) => p.status === 200, UP_WITHIN_MS, restoredAt);
  expect(up.probe.health).toBe('HEALTH');
  return { downAfterMs: down.afterMs, upAfterMs: up.afterMs };
}

/**
 * Cuts a peer and brings it back, checking the probes all along: /readyz turns non-200 within DOWN_WITHIN_MS and
 * stays so, returns to 200 within UP_WITHIN_MS of the restore, and every /livez meanwhile is a prompt 200.
 */
async function throughOutage(
  url: string,
  cut: () => Promise<void>,
  restore: () => Promise<void>,
): Promise<OutageTimings> {
  const livez = watchLivez(url);
  const readyz = await cutAndRestore(url, cut, restore).catch(async (error: unknown) => {
    await livez.stop();
    throw error;
  });
  const probes = await livez.stop();
  expect(probes.length).toBeGreaterThan(5);
  expect(probes.filter((p) => p.status !== 200)).toEqual([]);
  const livezMaxMs = Math.max(...probes.map((p) => p.ms));
  expect(livezMaxMs).toBeLessThan(2_000);
  return { ...readyz, livezProbes: probes.length, livezMaxMs };
}

function collectingLogger(lines: string[]): CubeLogger {
  const line = (level: string) => (message: string, fields?: Record<string, unknown>) =>
    lines.push(`${level} ${message}${fields ? ` ${JSON.stringify(fields)}` : ''}`);
  return { info: line('info'), warn: line('warn'), error: line('error') };
}

const versitygw: ToolAvailability = s3ServerAvailable()
  ? { available: true }
  : { available: false, reason: 'versitygw not built (.tools/bin/versitygw): run `make setup`' };
const timings: Record<string, OutageTimings> = {};

describe.skipIf(skipWithoutTool(versitygw, restCatalogServerAvailability()))(
  'Cube health on DuckDB: Iceberg REST catalog and S3 (versitygw)',
  () => {
    let s3: S3Server | undefined;
    /** The catalog server's way to S3, and Cube's (floe's FileIO and DuckDB's httpfs). */
    let s3ForCatalog: OutageProxy | undefined;
    let s3ForCube: OutageProxy | undefined;
    let rest: RestCatalogServer | undefined;
    let restProxy: OutageProxy | undefined;
    let catalog: Catalog | undefined;
    let cube: CubeServer | undefined;
    let dir: string | undefined;
    const lines: string[] = [];
    const ORDERS = 300;
    const orderCount = async () =>
      Number((await cubeLoad(cube!.url, { measures: ['orders.count'] }, cube!.token)).data[0]!['orders.count']);

    beforeAll(async () => {
      s3 = await startS3Server();
      [s3ForCatalog, s3ForCube] = await Promise.all([startOutageProxy(s3.endpoint), startOutageProxy(s3.endpoint)]);
      const { accessKeyId, secretAccessKey } = s3.root;
      rest = await startRestCatalogServer({
        s3: {
          endpoint: s3ForCatalog.url,
          bucket: s3.bucket,
          prefix: 'lake',
          accessKeyId,
          secretAccessKey,
          region: s3.region,
        },
      });
      restProxy = await startOutageProxy(rest.uri);
      catalog = await loadCatalog('floe', {
        type: 'rest',
        uri: restProxy.url,
        's3.endpoint': s3ForCube.url,
        's3.path-style-access': 'true',
        's3.region': s3.region,
        's3.access-key-id': accessKeyId,
        's3.secret-access-key': secretAccessKey,
      });
      dir = await mkdtemp(path.join(os.tmpdir(), 'floe-cube-readiness-'));
      const publish = await goldIcebergTables(catalog, ['gold'], path.join(dir, 'staging'));
      await publish(1, [{ orders: ORDERS, offset: 0 }]);
      cube = await startCube({
        modelDir: DEMO_MODEL,
        port: 0,
        tables: new IcebergTableSource({ catalog, layers: { gold: ['gold'] } }),
        // No background refresh: nothing but the probes and the queries below opens Cube's driver.
        refreshIntervalSeconds: false,
        logger: collectingLogger(lines),
      });
    }, 180_000);

    afterAll(async () => {
      await cube?.stop();
      await catalog?.close();
      await restProxy?.stop();
      await rest?.stop();
      await Promise.all([s3ForCatalog?.stop(), s3ForCube?.stop()]);
      await s3?.stop();
      if (dir) await rm(dir, { recursive: true, force: true });
    }, 60_000);

    it('is not ready while the catalog is down at its first check, and keeps its tables once it is back', async () => {
      // Cube opens its driver at the first probe or query and runs the same connection test there: a failure must
      // not close floe's DuckDB (its views over the gold tables).
      timings['duckdb: catalog refused before the first check'] = await throughOutage(
        cube!.url,
        () => restProxy!.cut('refuse'),
        () => restProxy!.restore(),
      );
      expect(await orderCount()).toBe(ORDERS);
    });

    it('answers 200 on /readyz and /livez when the catalog and the storage answer', async () => {
      expect(await probe(cube!.url, '/readyz')).toMatchObject({ status: 200, health: 'HEALTH' });
      expect(await probe(cube!.url, '/livez')).toMatchObject({ status: 200, health: 'HEALTH' });
      expect(await orderCount()).toBe(ORDERS);
    });

    const outages: Array<[string, () => OutageProxy[], Outage]> = [
      ['the catalog refuses connections (server stopped)', () => [restProxy!], 'refuse'],
      ['the catalog accepts connections and never answers (server frozen)', () => [restProxy!], 'hang'],
      ['the object storage is unreachable from Cube (the catalog still reaches it)', () => [s3ForCube!], 'refuse'],
      ['the object storage is down for everyone', () => [s3ForCube!, s3ForCatalog!], 'refuse'],
    ];
    for (const [what, proxies, outage] of outages) {
      it(`is not ready while ${what}, stays live, and is ready again after`, async () => {
        timings[`duckdb: ${what}`] = await throughOutage(
          cube!.url,
          async () => {
            for (const proxy of proxies()) await proxy.cut(outage);
          },
          async () => {
            for (const proxy of proxies()) await proxy.restore();
          },
        );
        expect(await orderCount()).toBe(ORDERS);
      });
    }

    it('logs why a readiness check failed, and never fails a liveness check', () => {
      const readiness = lines.filter((l) => l.startsWith('warn cube: Internal Server Error on readiness probe'));
      expect(readiness.some((l) => l.includes('cannot reach the REST catalog'))).toBe(true);
      expect(readiness.some((l) => l.includes('did not answer within 3000 ms'))).toBe(true);
      expect(lines.filter((l) => l.includes('liveness probe'))).toEqual([]);
    });
  },
);

const NATIONS = `cubes:
  - name: nations
    sql: SELECT * FROM tpch.tiny.nation
    measures:
      - name: count
        type: count
`;

describe.skipIf(skipWithoutTool(trinoAvailability()))('Cube health on Trino', () => {
  let trino: TrinoServer | undefined;
  let proxy: OutageProxy | undefined;
  let cube: CubeServer | undefined;
  let dir: string | undefined;
  const nationCount = async () =>
    Number((await cubeLoad(cube!.url, { measures: ['nations.count'] }, cube!.token)).data[0]!['nations.count']);

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'floe-cube-readiness-trino-'));
    await writeFile(path.join(dir, 'nations.yml'), NATIONS);
    trino = await startTrino();
    proxy = await startOutageProxy(trino.url);
    cube = await startCube({
      modelDir: dir,
      port: 0,
      trino: { host: proxy.host, port: proxy.port, catalog: 'tpch', schema: 'tiny', user: trino.user },
      refreshIntervalSeconds: false,
    });
  }, 240_000);

  afterAll(async () => {
    await cube?.stop();
    await proxy?.stop();
    await trino?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  }, 60_000);

  it('answers 200 on /readyz and /livez when Trino answers', async () => {
    expect(await probe(cube!.url, '/readyz')).toMatchObject({ status: 200, health: 'HEALTH' });
    expect(await probe(cube!.url, '/livez')).toMatchObject({ status: 200, health: 'HEALTH' });
    expect(await nationCount()).toBe(25);
  });

  for (const [what, outage] of [
    ['Trino refuses connections (server stopped)', 'refuse'],
    ['Trino accepts connections and never answers (server frozen)', 'hang'],
  ] as const) {
    it(`is not ready while ${what}, stays live, and is ready again after`, async () => {
      timings[`trino: ${what}`] = await throughOutage(
        cube!.url,
        () => proxy!.cut(outage),
        () => proxy!.restore(),
      );
      expect(await nationCount()).toBe(25);
    });
  }
});

afterAll(() => {
  if (Object.keys(timings).length > 0) console.info(`cube health timings: ${JSON.stringify(timings, null, 2)}`);
});
