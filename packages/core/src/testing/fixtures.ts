import { stringify } from 'yaml';
import type { CompiledArtifacts } from '../config/artifacts.js';
import { ConfigValidationError, type Diagnostic } from '../validate/diagnostics.js';
import { validateAndCompile } from '../validate/validate.js';

/** A minimal valid floe.yaml as an object. */
export function minimalPipeline(): Record<string, unknown> {
  return { apiVersion: 'floe.dev/v1', kind: 'Pipeline', name: 'p', version: '1.0.0' };
}

/** A minimal valid platform file as an object. */
export function minimalPlatform(): Record<string, unknown> {
  return {
    apiVersion: 'floe.dev/v1',
    kind: 'Platform',
    metadata: { name: 'local', environment: 'local' },
    storage: { default: { type: 'local', path: 'warehouse' } },
    catalogs: { default: { type: 'sql', uri: 'sqlite:warehouse/catalog.db', warehouse: 'default' } },
    compute: { default: { type: 'duckdb' } },
  };
}

export type CheckResult =
  | { ok: true; artifacts: CompiledArtifacts }
  | { ok: false; diagnostics: readonly Diagnostic[] };

/** Validates and compiles two YAML texts (or objects), returning the artifacts or the diagnostics. */
export function check(floe: string | unknown, platform: string | unknown): CheckResult {
  const floeText = typeof floe === 'string' ? floe : stringify(floe);
  const platformText = typeof platform === 'string' ? platform : stringify(platform);
  try {
    const artifacts = validateAndCompile({
      floeText,
      platformText,
      floeDisplay: 'floe.yaml',
      platformDisplay: 'platform.yaml',
      floeFile: 'floe.yaml',
      platformFile: 'platform.yaml',
      sourceHash: `sha256:${'0'.repeat(64)}`,
    });
    return { ok: true, artifacts };
  } catch (error) {
    if (error instanceof ConfigValidationError) return { ok: false, diagnostics: error.diagnostics };
    throw error;
  }
}
