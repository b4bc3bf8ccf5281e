import { inputError, renderJsonSchema, SCHEMA_DOCUMENTS, type SchemaDocument } from '@floe/core';
import type { Command } from 'commander';
import { type Io, processIo } from '../output.js';

/** `floe schema <document>`: prints the JSON Schema of floe.yaml, the platform file or CompiledArtifacts. */
export function register(program: Command, io: Io = processIo): void {
  program
    .command('schema')
    .description('print the JSON Schema of a document (for editors: # yaml-language-server: $schema=...)')
    .argument('<document>', `one of: ${SCHEMA_DOCUMENTS.join(', ')}`)
    .action((document: string) => {
      if (!(SCHEMA_DOCUMENTS as readonly string[]).includes(document)) {
        throw inputError(`unknown document "${document}"`, { hint: `use one of: ${SCHEMA_DOCUMENTS.join(', ')}` });
      }
      io.stdout(renderJsonSchema(document as SchemaDocument));
    });
}
