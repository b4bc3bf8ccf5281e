import { z } from 'zod';
import { compiledArtifactsSchema } from '../config/artifacts.js';
import { pipelineSchema } from '../config/pipeline.js';
import { platformSchema } from '../config/platform.js';

export const SCHEMA_DOCUMENTS = ['floe', 'platform', 'compiled-artifacts'] as const;
export type SchemaDocument = (typeof SCHEMA_DOCUMENTS)[number];

/** File names of the checked-in schemas (in the repository's schemas/ folder). */
export const SCHEMA_FILES: Record<SchemaDocument, string> = {
  floe: 'floe.schema.json',
  platform: 'platform.schema.json',
  'compiled-artifacts': 'compiled-artifacts.schema.json',
};

const IDS: Record<SchemaDocument, string> = {
  floe: 'https://floe.dev/schemas/v1/floe.schema.json',
  platform: 'https://floe.dev/schemas/v1/platform.schema.json',
  'compiled-artifacts': 'https://floe.dev/schemas/v1/compiled-artifacts.schema.json',
};

/**
 * JSON Schema (draft 2020-12) of a document, generated from the zod schemas. Configuration files are described
 * as written (defaults optional); CompiledArtifacts as produced (every field present).
 */
export function jsonSchema(document: SchemaDocument): Record<string, unknown> {
  const generated =
    document === 'compiled-artifacts'
      ? z.toJSONSchema(compiledArtifactsSchema, { io: 'output', unrepresentable: 'any' })
      : z.toJSONSchema(document === 'floe' ? pipelineSchema : platformSchema, { io: 'input', unrepresentable: 'any' });
  const { $schema, ...rest } = generated as Record<string, unknown>;
  return { $schema, $id: IDS[document], ...rest };
}

export function renderJsonSchema(document: SchemaDocument): string {
  return `${JSON.stringify(jsonSchema(document), null, 2)}\n`;
}
