#!/usr/bin/env node
import { readEnvironment } from './config.js';
import { initPolaris } from './init.js';
import { PolarisClient } from './polaris.js';
import { KubernetesSecretStore } from './secret-store.js';

/** Entry point of the floe-polaris-init job (charts/floe-infrastructure/templates/job-polaris-init.yaml). */
async function main(): Promise<void> {
  const { config, connection } = readEnvironment(process.env);
  const store = new KubernetesSecretStore(config.secret.name, config.secret.namespace);
  const steps = await initPolaris(new PolarisClient(connection), config, store);
  for (const step of steps) console.log(`${step.action.padEnd(9)} ${step.object}`);
  console.log(`Polaris is ready for floe: catalog ${config.catalog}, credentials in Secret ${config.secret.name}`);
}

main().catch((error: unknown) => {
  console.error(`floe-polaris-init: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
