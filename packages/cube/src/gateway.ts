import { requireCjs } from './cjs.js';

const { ApiGateway } = requireCjs('@cubejs-backend/api-gateway') as typeof import('@cubejs-backend/api-gateway');

interface ProbeResponse {
  status(code: number): { json(body: unknown): unknown };
}

/**
 * Cube's API gateway (unchanged: routes, JWT auth, queries, `/readyz`) with floe's `/livez`. Cube's liveness handler
 * runs the connection test of every driver it has opened, the same test as `/readyz`: a catalog, storage or Trino
 * outage would fail the livenessProbe too, and Kubernetes would restart pods that only wait for a dependency. floe's
 * answers 200 whenever the process serves HTTP; dependencies are `/readyz`'s concern.
 */
export class FloeApiGateway extends ApiGateway {
  protected override liveness = (_req: unknown, res: ProbeResponse): void => {
    res.status(200).json({ health: 'HEALTH' });
  };
}
