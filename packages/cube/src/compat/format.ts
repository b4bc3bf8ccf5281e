/**
 * floe's own formatting of a `/load` result, used only in compatibility mode (Cube formats results in its native
 * module). Turns driver rows keyed by SQL aliases into rows keyed by member names, following the documented REST
 * response format: time values as local ISO timestamps with milliseconds (`2024-01-31T00:00:00.000`), a time dimension
 * with a granularity under `cube.dimension.granularity` and also under `cube.dimension`.
 */
export interface TransformData {
  readonly aliasToMemberNameMap: Record<string, string>;
  readonly annotation: Record<string, { type?: string } | undefined>;
  readonly query: { readonly timeDimensions?: readonly { dimension: string; granularity?: string }[] };
}

export type ResultRow = Record<string, unknown>;

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

export function formatTimeValue(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  let date: Date | undefined;
  if (value instanceof Date) date = value;
  else if (typeof value === 'string') {
    const text = /[zZ]|[+-]\d\d:?\d\d$/.test(value) ? value : `${value.replace(' ', 'T')}Z`;
    const parsed = new Date(text);
    if (!Number.isNaN(parsed.getTime())) date = parsed;
  } else if (typeof value === 'number') date = new Date(value);
  if (!date) return value;
  return (
    `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}` +
    `T${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}.${pad(date.getUTCMilliseconds(), 3)}`
  );
}

function normaliseScalar(value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  return value;
}

export function formatRows(rows: readonly ResultRow[], transform: TransformData): ResultRow[] {
  const granularOnce = new Map<string, string>();
  for (const td of transform.query.timeDimensions ?? []) {
    if (td.granularity && !granularOnce.has(td.dimension))
      granularOnce.set(td.dimension, `${td.dimension}.${td.granularity}`);
  }
  return rows.map((row) => {
    const out: ResultRow = {};
    for (const [alias, raw] of Object.entries(row)) {
      const member = transform.aliasToMemberNameMap[alias];
      if (!member) continue;
      const type = transform.annotation[member]?.type;
      const value = type === 'time' ? formatTimeValue(raw) : normaliseScalar(raw);
      out[member] = value;
      const parts = member.split('.');
      if (parts.length === 3) {
        const base = `${parts[0]}.${parts[1]}`;
        if (granularOnce.get(base) === member && !(base in out)) out[base] = value;
      }
    }
    return out;
  });
}
