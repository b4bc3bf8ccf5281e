/**
 * What the end-to-end tests on the stack topology share: a copy of the demo project whose platform file points at a
 * stack started on random ports, and the checks that no credential of the stack leaks into outputs or files.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '@floe/runtime';
import { expect } from 'vitest';
import type { Stack } from '../fixtures/stack/stack.js';
import type { CliResult } from './harness.js';

/** A copy of the demo project whose `platformFile` (stack.yaml or stack-trino.yaml) names this stack's ports. */
export function stackProject(stack: Stack, platformFile: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'floe-stack-e2e-'));
  for (const entry of ['floe.yaml', 'platform', 'cube', 'dbt'])
    cpSync(join(REPO_ROOT, 'demo', entry), join(dir, entry), { recursive: true });
  const file = join(dir, platformFile);
  let text = readFileSync(file, 'utf8')
    .replace('http://127.0.0.1:19181/v1/oauth/tokens', stack.rest.oauth2?.tokenEndpoint ?? '')
    .replace('http://127.0.0.1:19181', stack.rest.uri)
    .replace('http://127.0.0.1:19000', stack.s3.endpoint)
    .replace('port: 15433', `port: ${stack.postgres.port}`);
  if (stack.trino) text = text.replace('port: 18080', `port: ${stack.trino.port}`);
  if (stack.rest.warehouse !== 'lake') text = text.replace('warehouse: lake', `warehouse: ${stack.rest.warehouse}`);
  writeFileSync(file, text);
  return dir;
}

/** Every file below a folder whose bytes contain one of the values (logs, Dagster's compute logs, profiles, DuckDB). */
export function filesContaining(dir: string, values: readonly string[]): string[] {
  const hits: string[] = [];
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) {
        const bytes = readFileSync(path);
        if (values.some((v) => bytes.includes(v))) hits.push(path);
      }
    }
  };
  walk(dir);
  return hits;
}

/** Fails when any credential value of the stack appears in a command's output. */
export function expectNoSecrets(stack: Stack, results: readonly CliResult[], extra: readonly string[] = []): void {
  const secrets = [...Object.values(stack.env()), ...extra].filter((v) => v.length >= 8);
  for (const result of results) {
    for (const secret of secrets) {
      expect(result.stdout.includes(secret), 'a credential appeared on stdout').toBe(false);
      expect(result.stderr.includes(secret), 'a credential appeared on stderr').toBe(false);
    }
  }
}

/** Sets the variables in this process (in-process readers resolve the same secret references); returns the undo. */
export function exportEnv(env: Record<string, string>): () => void {
  const saved: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(env)) {
    saved[k] = process.env[k];
    process.env[k] = v;
  }
  return () => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
}

/** Properties of PyIceberg's RestCatalog for the stack (they hold credentials: pass them in the environment). */
export function pyicebergRestProperties(stack: Stack, extra: Record<string, string> = {}): Record<string, string> {
  const o = stack.rest.oauth2;
  return {
    uri: stack.rest.uri,
    warehouse: stack.rest.warehouse,
    ...(o
      ? { credential: `${o.clientId}:${o.clientSecret}`, scope: o.scope, 'oauth2-server-uri': o.tokenEndpoint }
      : {}),
    ...extra,
    's3.endpoint': stack.s3.endpoint,
    's3.path-style-access': 'true',
    's3.region': stack.s3.region,
    's3.access-key-id': stack.s3.accessKeyId,
    's3.secret-access-key': stack.s3.secretAccessKey,
  };
}
