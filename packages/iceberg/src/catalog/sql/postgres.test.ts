import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { type PostgresServer, startPostgres } from '../../../../../testing/fixtures/postgres/server.js';
import { tempDir } from '../../../test/helpers.js';
import { catalogConformanceSuite } from '../testing/conformance.js';
import { createSqlCatalog } from './index.js';

const tmp = tempDir();
let server: PostgresServer;
beforeAll(async () => {
  server = await startPostgres();
});
afterAll(async () => {
  await server?.stop();
  tmp.cleanup();
});
catalogConformanceSuite('sql (PostgreSQL)', () =>
  createSqlCatalog({ name: 'floe', uri: server.uri, warehouse: join(tmp.dir, 'warehouse') }),
);
