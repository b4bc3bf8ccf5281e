import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { REPO_ROOT } from '../src/tools.js';

/** The marts the demo's Cube model reads, plus the other marts, published by the test projects. */
export const TEST_PUBLISH = [
  { model: 'stg_orders', layer: 'silver' },
  { model: 'stg_customers', layer: 'silver' },
  { model: 'fct_orders', layer: 'gold' },
  { model: 'fct_order_items', layer: 'gold' },
  { model: 'dim_customers', layer: 'gold' },
  { model: 'dim_products', layer: 'gold' },
  { model: 'mart_revenue', layer: 'gold' },
  { model: 'mart_customer_segments', layer: 'gold' },
  { model: 'mart_product_analytics', layer: 'gold' },
];

export interface ProjectFixtureOptions {
  /** Rows per generated batch. */
  rows?: number;
  /** Replace floe.yaml's publish list (default TEST_PUBLISH). */
  publish?: { model: string; layer: string }[];
  /**
   * Replace these keys of floe.yaml's orchestration: e.g. short retries (the e2e tests keep failing batches short),
   * `schedules: []` (no scheduled batch queues beside a measured one), extra sensors.
   */
  orchestration?: {
    retries?: { max: number; backoff: 'none' | 'linear' | 'exponential'; delay_seconds: number };
    schedules?: { name: string; cron: string; job?: string }[];
    sensors?: Record<string, unknown>[];
  };
}

/**
 * A copy of the demo project (floe.yaml, platform/local.yaml, dbt/, cube/) in a temporary folder, with an empty
 * warehouse. Everything the runtime writes stays inside it.
 */
export function createDemoProject(options: ProjectFixtureOptions = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'floe-project-'));
  const demo = join(REPO_ROOT, 'demo');
  cpSync(demo, dir, {
    recursive: true,
    filter: (source) => !/[/\\](target|logs|dbt_packages|warehouse|\.floe)$/.test(source),
  });
  const floeFile = join(dir, 'floe.yaml');
  const pipeline = parse(readFileSync(floeFile, 'utf8')) as Record<string, unknown>;
  pipeline.publish = options.publish ?? TEST_PUBLISH;
  if (options.rows !== undefined) {
    const sources = pipeline.sources as Record<string, unknown>[];
    for (const source of sources) source.rows = options.rows;
  }
  if (options.orchestration)
    pipeline.orchestration = { ...(pipeline.orchestration as Record<string, unknown>), ...options.orchestration };
  writeFileSync(floeFile, stringify(pipeline));
  return dir;
}
