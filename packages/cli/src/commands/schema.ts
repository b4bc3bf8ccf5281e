import { inputError, renderJsonSchema, SCHEMA_DOCUMENTS, type SchemaDocument } from '@floe/core';
import type { Command } from 'commander';
import { type Io, processIo } from '../output.js';

/** The `floe preflight --json` report; its schema lives in @floe/preflight. */
const PREFLIGHT_REPORT = 'preflight-report';

/** `floe schema <document>`: prints the JSON Schema of floe.yaml, the platform file or CompiledArtifacts. */
export function register(program: Command, io: Io = processIo): void {
  program
    .command('schema')
    .description('print the JSON Schema of a document (for editors: # yaml-language-server: $schema=...)')
    .argument('<document>', `one of: ${[...SCHEMA_DOCUMENTS, PREFLIGHT_REPORT].join(', ')}`)
    .action(async (document: string) => {
      if (document === PREFLIGHT_REPORT) {
        const { preflightReportJsonSchema } = await import('@floe/preflight');
        io.stdout(`${JSON.stringify(preflightReportJsonSchema(), null, 2)}\n`);
        return;
      }
      if (!(SCHEMA_DOCUMENTS as readonly string[]).includes(document)) {
        throw inputError(`unknown document "${document}"`, {
          hint: `use one of: ${[...SCHEMA_DOCUMENTS, PREFLIGHT_REPORT].join(', ')}`,
        });
      }
      io.stdout(renderJsonSchema(document as SchemaDocument));
    });
}
