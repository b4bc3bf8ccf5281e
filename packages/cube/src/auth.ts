import { requireCjs } from './cjs.js';
import { verifyCubeToken } from './jwt.js';

const { CubejsHandlerError } = requireCjs(
  '@cubejs-backend/api-gateway/dist/src/cubejs-handler-error.js',
) as typeof import('@cubejs-backend/api-gateway/dist/src/cubejs-handler-error.js');

/**
 * Cube's `checkAuth` option: every REST request needs a valid HS256 token signed with the API secret (Cube itself
 * enforces this only when NODE_ENV=production, which floe must not impose on its host process).
 */
export function requireCubeToken(apiSecret: string) {
  return async (req: { securityContext?: unknown }, authorization?: string): Promise<void> => {
    if (!authorization) throw new CubejsHandlerError(403, 'Forbidden', "Authorization header isn't set");
    const claims = verifyCubeToken(apiSecret, authorization);
    if (!claims) throw new CubejsHandlerError(403, 'Forbidden', 'Invalid token');
    req.securityContext = claims;
  };
}
