export { ConfigValidationError, type Diagnostic, formatDiagnostic, isConfigValidationError } from './diagnostics.js';
export { type ConfigTexts, validateAndCompile } from './validate.js';
export { parseYamlSource, type YamlSource } from './yaml-source.js';
