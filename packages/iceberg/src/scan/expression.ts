/** Row filters for scans: simple predicates on top-level columns combined with and/or/not. */
export type Literal = string | number | bigint | boolean | Date;

export type Expression =
  | { op: 'true' }
  | { op: 'false' }
  | { op: 'and' | 'or'; left: Expression; right: Expression }
  | { op: 'not'; child: Expression }
  | { op: 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge'; column: string; value: Literal }
  | { op: 'in' | 'not-in'; column: string; values: Literal[] }
  | { op: 'is-null' | 'not-null'; column: string };

export const alwaysTrue = (): Expression => ({ op: 'true' });
export const eq = (column: string, value: Literal): Expression => ({ op: 'eq', column, value });
export const ne = (column: string, value: Literal): Expression => ({ op: 'ne', column, value });
export const lt = (column: string, value: Literal): Expression => ({ op: 'lt', column, value });
export const le = (column: string, value: Literal): Expression => ({ op: 'le', column, value });
export const gt = (column: string, value: Literal): Expression => ({ op: 'gt', column, value });
export const ge = (column: string, value: Literal): Expression => ({ op: 'ge', column, value });
export const isIn = (column: string, values: Literal[]): Expression => ({ op: 'in', column, values });
export const notIn = (column: string, values: Literal[]): Expression => ({ op: 'not-in', column, values });
export const isNull = (column: string): Expression => ({ op: 'is-null', column });
export const notNull = (column: string): Expression => ({ op: 'not-null', column });
export const not = (child: Expression): Expression => ({ op: 'not', child });
export function and(...parts: Expression[]): Expression {
  return parts.reduce((left, right) => ({ op: 'and', left, right }), alwaysTrue() as Expression);
}
export function or(first: Expression, ...rest: Expression[]): Expression {
  return rest.reduce((left, right) => ({ op: 'or', left, right }), first);
}

/** Pushes `not` down to the predicates (so pruning only sees positive forms). */
export function rewriteNot(e: Expression, negate = false): Expression {
  switch (e.op) {
    case 'true':
      return negate ? { op: 'false' } : e;
    case 'false':
      return negate ? { op: 'true' } : e;
    case 'not':
      return rewriteNot(e.child, !negate);
    case 'and':
    case 'or': {
      const op = negate ? (e.op === 'and' ? 'or' : 'and') : e.op;
      return { op, left: rewriteNot(e.left, negate), right: rewriteNot(e.right, negate) };
    }
    default: {
      if (!negate) return e;
      const flip: Record<string, Expression['op']> = {
        eq: 'ne',
        ne: 'eq',
        lt: 'ge',
        ge: 'lt',
        gt: 'le',
        le: 'gt',
        in: 'not-in',
        'not-in': 'in',
        'is-null': 'not-null',
        'not-null': 'is-null',
      };
      return { ...e, op: flip[e.op] } as Expression;
    }
  }
}

/** Columns an expression refers to. */
export function referencedColumns(e: Expression, out = new Set<string>()): Set<string> {
  if ('column' in e) out.add(e.column);
  if (e.op === 'and' || e.op === 'or') {
    referencedColumns(e.left, out);
    referencedColumns(e.right, out);
  }
  if (e.op === 'not') referencedColumns(e.child, out);
  return out;
}
