import type { CompiledSecret } from '../config/artifacts.js';
import { secretRef } from '../config/common.js';
import { platformSchema } from '../config/platform.js';
import { parseSecretRef, secretEnvVar } from '../secrets/ref.js';
import { walkWithSchema } from '../util/zod-introspect.js';

/**
 * Every secret reference of the platform file (fields typed as references only), once per reference, with the
 * environment variable a runtime exports it under and the fields that use it. Sorted by reference.
 */
export function collectSecrets(platform: unknown): CompiledSecret[] {
  const byRef = new Map<string, Set<string>>();
  walkWithSchema(platformSchema, platform, (schema, value, path) => {
    if (schema !== secretRef || typeof value !== 'string') return;
    const fields = byRef.get(value) ?? new Set<string>();
    fields.add(path.join('.'));
    byRef.set(value, fields);
  });
  return [...byRef.keys()].sort().map((ref) => {
    const parsed = parseSecretRef(ref);
    return {
      ref,
      kind: parsed.kind,
      env_var: secretEnvVar(parsed),
      secret: parsed.kind === 'secret' ? parsed.secret : null,
      key: parsed.kind === 'secret' ? parsed.key : null,
      path: parsed.kind === 'file' ? parsed.path : null,
      fields: [...(byRef.get(ref) ?? [])].sort(),
    };
  });
}
