/** Minimal, read-only introspection of zod 4 schemas (their `_zod.def`), for walking a schema beside a value. */
export type Def = { type: string; [key: string]: unknown };

export function def(schema: unknown): Def | undefined {
  return (schema as { _zod?: { def?: Def } } | undefined)?._zod?.def;
}

const WRAPPERS = ['optional', 'nullable', 'default', 'prefault', 'catch', 'readonly', 'nonoptional'];

/** Unwraps optional/default/pipe/lazy wrappers. */
export function unwrap(schema: unknown): unknown {
  let current = schema;
  for (let i = 0; i < 20; i++) {
    const d = def(current);
    if (!d) return current;
    if (WRAPPERS.includes(d.type)) current = d.innerType;
    else if (d.type === 'pipe') current = d.in;
    else if (d.type === 'lazy') current = (d.getter as () => unknown)();
    else return current;
  }
  return current;
}

/**
 * Visits every value of `value` together with the schema node that describes it (after unwrapping). Unions are
 * followed into every option, so a value may be visited more than once.
 */
export function walkWithSchema(
  schema: unknown,
  value: unknown,
  visit: (schema: unknown, value: unknown, path: (string | number)[]) => void,
  path: (string | number)[] = [],
): void {
  const node = unwrap(schema);
  visit(node, value, path);
  const d = def(node);
  if (!d || value === null || typeof value !== 'object') return;
  if (d.type === 'union') {
    for (const option of d.options as unknown[]) walkWithSchema(option, value, visit, path);
  } else if (d.type === 'object' && !Array.isArray(value)) {
    const shape = d.shape as Record<string, unknown>;
    for (const [key, child] of Object.entries(value)) {
      if (key in shape) walkWithSchema(shape[key], child, visit, [...path, key]);
    }
  } else if (d.type === 'record' && !Array.isArray(value)) {
    for (const [key, child] of Object.entries(value)) walkWithSchema(d.valueType, child, visit, [...path, key]);
  } else if (d.type === 'array' && Array.isArray(value)) {
    value.forEach((child, index) => {
      walkWithSchema(d.element, child, visit, [...path, index]);
    });
  }
}
