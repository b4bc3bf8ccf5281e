export { jsonSchema, renderJsonSchema, SCHEMA_DOCUMENTS, SCHEMA_FILES, type SchemaDocument } from './generate.js';
