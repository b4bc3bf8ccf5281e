import { dataInvalid } from '../errors.js';

export interface SortField {
  readonly sourceId: number;
  readonly transform: string;
  readonly direction: 'asc' | 'desc';
  readonly nullOrder: 'nulls-first' | 'nulls-last';
}
export interface SortOrder {
  readonly orderId: number;
  readonly fields: readonly SortField[];
}

export const UNSORTED: SortOrder = Object.freeze({ orderId: 0, fields: Object.freeze([]) });

export function sortOrderFromWire(wire: unknown): SortOrder {
  const o = wire as { 'order-id'?: number; fields?: unknown[] };
  if (typeof o !== 'object' || o === null || typeof o['order-id'] !== 'number' || !Array.isArray(o.fields)) {
    throw dataInvalid('invalid sort order');
  }
  const fields = o.fields.map((f): SortField => {
    const x = f as Record<string, unknown>;
    const direction = x.direction;
    const nullOrder = x['null-order'];
    if (
      typeof x['source-id'] !== 'number' ||
      typeof x.transform !== 'string' ||
      (direction !== 'asc' && direction !== 'desc') ||
      (nullOrder !== 'nulls-first' && nullOrder !== 'nulls-last')
    ) {
      throw dataInvalid('invalid sort field', { field: JSON.stringify(f) });
    }
    return Object.freeze({ sourceId: x['source-id'], transform: x.transform, direction, nullOrder });
  });
  if (o['order-id'] === 0 && fields.length > 0) throw dataInvalid('sort order 0 must be unsorted');
  return Object.freeze({ orderId: o['order-id'], fields: Object.freeze(fields) });
}

export function sortOrderToWire(order: SortOrder): Record<string, unknown> {
  return {
    'order-id': order.orderId,
    fields: order.fields.map((f) => ({
      transform: f.transform,
      'source-id': f.sourceId,
      direction: f.direction,
      'null-order': f.nullOrder,
    })),
  };
}
