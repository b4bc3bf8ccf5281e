import { renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { valuesSchemas } from './index.js';
import { renderValuesSchema } from './render.js';

/** Writes charts/<chart>/values.schema.json for every chart (atomically). */
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
for (const chart of Object.keys(valuesSchemas)) {
  const target = join(root, 'charts', chart, 'values.schema.json');
  const temp = `${target}.tmp-${process.pid}`;
  writeFileSync(temp, renderValuesSchema(chart));
  renameSync(temp, target);
  console.log(`wrote ${join('charts', chart, 'values.schema.json')}`);
}
