import type { CheckDefinition } from '../contract.js';
import type { PostgresComputeProfile, PostgresMetadataProfile } from '../profiles.js';
import { probePostgres } from './postgres-probe.js';

/** PostgreSQL used as a dbt compute target. */
export const postgresComputeCheck: CheckDefinition<PostgresComputeProfile> = {
  id: 'compute.postgres',
  group: 'compute',
  secretRefs: (p) => (p.password ? [p.password] : []),
  run: (p, ctx) =>
    probePostgres({ ...p, password: p.password ? ctx.secret(p.password) : undefined, field: ctx.field }, ctx),
};

/** PostgreSQL holding Dagster's run/event/schedule storage. */
export const postgresMetadataCheck: CheckDefinition<PostgresMetadataProfile> = {
  id: 'postgres.metadata',
  group: 'postgres',
  secretRefs: (p) => (p.password ? [p.password] : []),
  run: (p, ctx) =>
    probePostgres(
      {
        ...p,
        password: p.password ? ctx.secret(p.password) : undefined,
        schema: 'public',
        field: 'orchestration.dagster.metadata',
        expectTables: ['runs', 'event_logs'],
      },
      ctx,
    ),
};
