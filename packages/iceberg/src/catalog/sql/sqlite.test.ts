import { join } from 'node:path';
import { afterAll } from 'vitest';
import { tempDir } from '../../../test/helpers.js';
import { catalogConformanceSuite } from '../testing/conformance.js';
import { createSqlCatalog } from './index.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());
catalogConformanceSuite('sql (SQLite)', () =>
  createSqlCatalog({
    name: 'floe',
    uri: `sqlite:///${join(tmp.dir, 'catalog.db')}`,
    warehouse: join(tmp.dir, 'warehouse'),
  }),
);
