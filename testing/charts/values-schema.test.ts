import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { charts, chartsDir } from './helm.js';
import { valuesSchemas } from './values-schema/index.js';
import { renderValuesSchema } from './values-schema/render.js';

describe('values.schema.json generated from zod', () => {
  it.each(charts)(
    '%s: the committed schema equals a fresh generation (run `make values-schema` if not)',
    async (chart) => {
      const committed = await readFile(join(chartsDir, chart, 'values.schema.json'), 'utf8');
      expect(committed).toBe(renderValuesSchema(chart));
    },
  );

  it.each(charts)('%s: values.yaml satisfies the zod source itself', async (chart) => {
    const values = parse(await readFile(join(chartsDir, chart, 'values.yaml'), 'utf8'));
    const result = valuesSchemas[chart]!.safeParse(values);
    expect(result.success ? [] : result.error.issues).toEqual([]);
  });
});
