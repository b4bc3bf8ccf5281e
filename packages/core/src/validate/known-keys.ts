import type { z } from 'zod';
import { def, unwrap } from '../util/zod-introspect.js';

/** For a union, the option whose discriminator (or shape) fits the value best. */
function pickOption(options: unknown[], value: unknown): unknown {
  const objects = options.map(unwrap).filter((o) => def(o)?.type === 'object');
  if (value && typeof value === 'object' && 'type' in value) {
    const match = objects.find((o) => {
      const typeSchema = def(unwrap((def(o)?.shape as Record<string, unknown>)?.type));
      return (
        Array.isArray(typeSchema?.values) &&
        (typeSchema.values as unknown[]).includes((value as { type: unknown }).type)
      );
    });
    if (match) return match;
  }
  return objects[0];
}

/**
 * The field names a mapping at `path` accepts, following the value's own shape through unions.
 * Returns undefined when the schema does not describe a fixed set of keys there.
 */
export function knownKeys(schema: z.ZodType, value: unknown, path: readonly PropertyKey[]): string[] | undefined {
  let current: unknown = unwrap(schema);
  let node: unknown = value;
  for (const segment of [...path, undefined]) {
    let d = def(current);
    if (d?.type === 'union') {
      current = pickOption(d.options as unknown[], node);
      d = def(current);
    }
    if (segment === undefined) return d?.type === 'object' ? Object.keys(d.shape as object) : undefined;
    if (d?.type === 'object') current = unwrap((d.shape as Record<string, unknown>)[String(segment)]);
    else if (d?.type === 'record') current = unwrap(d.valueType);
    else if (d?.type === 'array') current = unwrap(d.element);
    else return undefined;
    node = node && typeof node === 'object' ? (node as Record<string, unknown>)[String(segment)] : undefined;
  }
  return undefined;
}

/** The known key closest to `key` (edit distance ≤ 2, or a prefix/suffix match). */
export function closest(key: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const distance = editDistance(key.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  if (best === undefined) return undefined;
  const limit = Math.max(1, Math.min(2, Math.floor(key.length / 3)));
  return bestDistance <= limit ? best : undefined;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = row;
  }
  return previous[b.length]!;
}
