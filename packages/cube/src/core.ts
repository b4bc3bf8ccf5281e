import { requireCjs } from './cjs.js';
import { FloeApiGateway } from './gateway.js';

const { CubejsServerCore } = requireCjs('@cubejs-backend/server-core') as typeof import('@cubejs-backend/server-core');

type CoreOptions = ConstructorParameters<typeof CubejsServerCore>[0];
type GatewayArgs = ConstructorParameters<typeof FloeApiGateway>;

/** Cube's server core (unchanged) with floe's API gateway (`FloeApiGateway`: `/livez` checks no dependency). */
export class FloeServerCore extends CubejsServerCore {
  constructor(options: CoreOptions) {
    super(options);
  }

  protected override createApiGatewayInstance(...args: GatewayArgs) {
    return new FloeApiGateway(...args);
  }
}
