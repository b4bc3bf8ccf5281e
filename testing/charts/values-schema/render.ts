import { z } from 'zod';
import { valuesSchemas } from './index.js';

/** The JSON Schema text written to charts/<chart>/values.schema.json (draft-07, which Helm 3 validates). */
export function renderValuesSchema(chart: string): string {
  const schema = valuesSchemas[chart];
  if (!schema) throw new Error(`no values schema for chart ${chart}`);
  const json = z.toJSONSchema(schema, { target: 'draft-07', io: 'input' }) as Record<string, unknown>;
  const document = {
    ...json,
    title: `${chart} values`,
    description: `Generated from testing/charts/values-schema/${chart}.ts by \`make values-schema\`; do not edit.`,
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
