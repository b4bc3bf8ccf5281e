import { FloeError } from '../errors/index.js';

/** One problem in a configuration file, pointing into its YAML source. */
export interface Diagnostic {
  /** The file as shown to the user (relative to the current directory when inside it). */
  file: string;
  /** 1-based line and column; 0 when unknown. */
  line: number;
  col: number;
  /** Dotted path of the field, e.g. `sources.0.rows` (empty for the whole document). */
  path: string;
  message: string;
  hint?: string;
}

export function formatDiagnostic(d: Diagnostic): string {
  const where = `${d.file}:${d.line}:${d.col}`;
  const path = d.path === '' ? '(document)' : d.path;
  return `${where}  ${path}  ${d.message}${d.hint ? `  (${d.hint})` : ''}`;
}

/** Thrown when floe.yaml or the platform file is invalid; carries every problem found. */
export class ConfigValidationError extends FloeError {
  readonly diagnostics: readonly Diagnostic[];

  constructor(diagnostics: Diagnostic[]) {
    const count = diagnostics.length;
    const header = `configuration is invalid (${count} problem${count === 1 ? '' : 's'}):`;
    super('config', [header, ...diagnostics.map((d) => `  ${formatDiagnostic(d)}`)].join('\n'), {
      file: diagnostics[0]?.file,
      hint: 'fix the fields above; `floe schema floe` and `floe schema platform` print the full schemas',
    });
    this.name = 'ConfigValidationError';
    this.diagnostics = diagnostics;
  }
}

export function isConfigValidationError(value: unknown): value is ConfigValidationError {
  return value instanceof ConfigValidationError;
}
