import { dataInvalid } from '../errors.js';
import { parseTransform } from './transform.js';

export interface PartitionField {
  readonly sourceId: number;
  readonly fieldId: number;
  readonly name: string;
  /** `identity`, `bucket[16]`, `truncate[4]`, `year`, `month`, `day`, `hour`, `void`. */
  readonly transform: string;
}

export interface PartitionSpec {
  readonly specId: number;
  readonly fields: readonly PartitionField[];
}

/** Partition field ids start here (spec: 1000). */
export const PARTITION_DATA_ID_START = 1000;

export const UNPARTITIONED: PartitionSpec = Object.freeze({ specId: 0, fields: Object.freeze([]) });

export function makePartitionSpec(specId: number, fields: readonly PartitionField[]): PartitionSpec {
  const names = new Set<string>();
  for (const f of fields) {
    parseTransform(f.transform);
    if (names.has(f.name)) throw dataInvalid(`duplicate partition field name ${f.name}`, { specId });
    names.add(f.name);
  }
  return Object.freeze({ specId, fields: Object.freeze(fields.map((f) => Object.freeze({ ...f }))) });
}

export function partitionSpecFromWire(wire: unknown): PartitionSpec {
  const o = wire as { 'spec-id'?: number; fields?: unknown[] };
  if (typeof o !== 'object' || o === null || !Array.isArray(o.fields)) {
    throw dataInvalid('partition spec without fields');
  }
  return makePartitionSpec(
    o['spec-id'] ?? 0,
    o.fields.map((f) => {
      const x = f as Record<string, unknown>;
      if (typeof x['source-id'] !== 'number' || typeof x.name !== 'string' || typeof x.transform !== 'string') {
        throw dataInvalid('invalid partition field', { field: JSON.stringify(f) });
      }
      return {
        sourceId: x['source-id'],
        fieldId: typeof x['field-id'] === 'number' ? x['field-id'] : PARTITION_DATA_ID_START,
        name: x.name,
        transform: x.transform,
      };
    }),
  );
}

export function partitionSpecToWire(spec: PartitionSpec): Record<string, unknown> {
  return {
    'spec-id': spec.specId,
    fields: spec.fields.map((f) => ({
      name: f.name,
      transform: f.transform,
      'source-id': f.sourceId,
      'field-id': f.fieldId,
    })),
  };
}

export function isUnpartitioned(spec: PartitionSpec): boolean {
  return spec.fields.every((f) => f.transform === 'void');
}

/** Builds a spec from (column, transform) pairs, assigning partition field ids from `lastPartitionId + 1`. */
export function partitionSpecFor(
  sourceIds: ReadonlyArray<{ sourceId: number; sourceName: string; transform: string; name?: string }>,
  specId = 0,
  lastPartitionId = PARTITION_DATA_ID_START - 1,
): PartitionSpec {
  return makePartitionSpec(
    specId,
    sourceIds.map((s, i) => {
      const t = parseTransform(s.transform);
      const suffix = t.kind === 'identity' ? '' : `_${t.kind === 'bucket' || t.kind === 'truncate' ? t.kind : t.kind}`;
      return {
        sourceId: s.sourceId,
        fieldId: lastPartitionId + 1 + i,
        name: s.name ?? `${s.sourceName}${suffix}`,
        transform: s.transform,
      };
    }),
  );
}
