import { z } from 'zod';
import { IcebergError } from '../../errors.js';
import { tableMetadataFromWire } from '../../spec/table-metadata.js';
import type { LoadedTable, Namespace, TableIdentifier } from '../catalog.js';
import { tableIdentifier } from '../catalog.js';

/** Zod schemas of the REST catalog responses floe reads. Unknown fields are ignored. */
const stringMap = z.record(z.string(), z.unknown()).transform((record) => {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(record)) if (v !== null && v !== undefined) out[k] = String(v);
  return out;
});

export const configResponseSchema = z.object({
  defaults: stringMap.default({}),
  overrides: stringMap.default({}),
  endpoints: z.array(z.string()).optional(),
});
export type ConfigResponse = z.output<typeof configResponseSchema>;

const namespaceSchema = z.array(z.string());

export const listNamespacesSchema = z.object({
  namespaces: z.array(namespaceSchema),
  'next-page-token': z.string().nullish(),
});

export const namespaceResponseSchema = z.object({
  namespace: namespaceSchema,
  properties: stringMap.nullish(),
});

export const updateNamespacePropertiesSchema = z.object({
  updated: z.array(z.string()).default([]),
  removed: z.array(z.string()).default([]),
  missing: z.array(z.string()).nullish(),
});

export const listTablesSchema = z.object({
  identifiers: z.array(z.object({ namespace: namespaceSchema, name: z.string() })),
  'next-page-token': z.string().nullish(),
});

export const loadTableSchema = z.object({
  'metadata-location': z.string().min(1),
  metadata: z.unknown(),
  config: stringMap.nullish(),
  /** Vended storage credentials, each for the locations under its prefix (REST spec 1.7+). */
  'storage-credentials': z.array(z.object({ prefix: z.string(), config: stringMap })).nullish(),
});

/** The storage configuration a load-table response carries: its `config` and its vended credentials by prefix. */
export interface TableStorageConfig {
  config: Record<string, string>;
  credentials: Array<{ prefix: string; config: Record<string, string> }>;
}

/** Validates a response body against a schema; a mismatch is the server's fault (Unexpected). */
export function parseResponse<T extends z.ZodType>(schema: T, body: unknown, what: string): z.output<T> {
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new IcebergError(
      'Unexpected',
      `REST catalog returned an invalid ${what}: ${issue ? `${issue.path.join('.') || '(root)'} ${issue.message}` : 'unknown shape'}`,
      { context: { response: what } },
    );
  }
  return parsed.data;
}

export function loadedTableFromWire(
  identifier: TableIdentifier,
  body: unknown,
  what: string,
): LoadedTable & { storage: TableStorageConfig } {
  const parsed = parseResponse(loadTableSchema, body, what);
  return Object.freeze({
    identifier,
    metadataLocation: parsed['metadata-location'],
    metadata: tableMetadataFromWire(parsed.metadata),
    storage: { config: parsed.config ?? {}, credentials: parsed['storage-credentials'] ?? [] },
  });
}

export function identifierToWire(identifier: TableIdentifier): { namespace: string[]; name: string } {
  return { namespace: [...identifier.namespace], name: identifier.name };
}

export function identifierFromWire(wire: { namespace: Namespace; name: string }): TableIdentifier {
  return tableIdentifier(wire.namespace, wire.name);
}
