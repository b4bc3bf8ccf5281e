import { afterAll, beforeAll, describe, it } from 'vitest';
import {
  type RestCatalogServer,
  restCatalogServerAvailability,
  startRestCatalogServer,
} from '../../../../../testing/fixtures/iceberg-rest/server.js';
import { catalogConformanceSuite } from '../testing/conformance.js';
import { connectRestCatalog } from './catalog.js';

const availability = restCatalogServerAvailability();

describe.skipIf(!availability.available)('RestCatalog against a real Apache Iceberg REST catalog server', () => {
  let server: RestCatalogServer;
  beforeAll(async () => {
    server = await startRestCatalogServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  catalogConformanceSuite('rest (Apache Iceberg RESTCatalogServer 1.11.0, OAuth2 client credentials)', () =>
    connectRestCatalog({
      uri: server.uri,
      warehouse: server.warehouse,
      credential: { clientId: server.oauth2.clientId, clientSecret: server.oauth2.clientSecret },
    }),
  );
});

if (!availability.available) {
  describe('RestCatalog against a real Apache Iceberg REST catalog server', () => {
    it.skip(`skipped: ${availability.reason}`, () => {});
  });
}
