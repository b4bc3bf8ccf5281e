/**
 * `make stack`: the local stack (versitygw + an Iceberg REST catalog + PostgreSQL) on the fixed ports of
 * demo/platform/stack.yaml, until Ctrl-C. Options: --catalog iceberg-rest|nessie, --auth oauth2|none.
 * The work is in testing/fixtures/stack/launcher.ts (type-checked and tested with the fixtures).
 */
import { runLauncher } from '../testing/fixtures/stack/launcher.js';

process.exitCode = await runLauncher(process.argv.slice(2));
