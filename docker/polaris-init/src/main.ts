#!/usr/bin/env node
import { readEnvironment } from './config.js';
import { initPolaris } from './init.js';
import { PolarisClient } from './polaris.js';
import { secretStoreFor } from './secret-store.js';

/** Entry point of the floe-polaris-init job (charts/floe-infrastructure/templates/job-polaris-init.yaml). */
async function main(): Promise<void> {
  const { config, connection } = readEnvironment(process.env);
  const store = secretStoreFor(process.env.FLOE_POLARIS_INIT_STORE, config.secret);
  const steps = await initPolaris(new PolarisClient(connection), config, store);
  for (const step of steps) console.log(`${step.action.padEnd(9)} ${step.object}`);
  console.log(
    `Polaris is ready for floe: catalog ${config.catalog}, credentials stored (${process.env.FLOE_POLARIS_INIT_STORE ?? `Secret ${config.secret.name}`})`,
  );
}

main().catch((error: unknown) => {
  console.error(`floe-polaris-init: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
