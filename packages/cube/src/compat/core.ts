import { FloeServerCore } from '../core.js';
import { CompatApiGateway } from './gateway.js';
import { compatNativeInstance } from './native-instance.js';

type CoreOptions = ConstructorParameters<typeof FloeServerCore>[0];
type GatewayArgs = ConstructorParameters<typeof CompatApiGateway>;

/**
 * Cube's server core (unchanged) wired for compatibility mode: its API gateway is floe's CompatApiGateway, and its
 * schema compilers get floe's Jinja-free stand-in for the native instance.
 */
export class CompatServerCore extends FloeServerCore {
  constructor(options: CoreOptions) {
    super(options);
  }

  protected override createApiGatewayInstance(...args: GatewayArgs) {
    return new CompatApiGateway(...args);
  }

  protected override createCompilerApi(repository: unknown, options?: Record<string, unknown>) {
    const compilerApi = super.createCompilerApi(repository, options);
    Object.defineProperty(compilerApi, 'nativeInstance', { value: compatNativeInstance, writable: true });
    return compilerApi;
  }
}
