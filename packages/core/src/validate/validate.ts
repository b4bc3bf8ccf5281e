import type { z } from 'zod';
import { type CompileResult, compile } from '../compiler/compile.js';
import type { ConfigProblem } from '../compiler/problems.js';
import { type PipelineConfig, pipelineSchema } from '../config/pipeline.js';
import { type PlatformConfig, platformSchema } from '../config/platform.js';
import { ConfigValidationError, type Diagnostic } from './diagnostics.js';
import { dottedPath, issueDiagnostics, secretDiagnostics } from './issues.js';
import { parseYamlSource, type YamlSource } from './yaml-source.js';

export interface ConfigTexts {
  /** File names as shown in diagnostics. */
  floeDisplay: string;
  platformDisplay: string;
  floeText: string;
  platformText: string;
  /** Paths relative to the project, as stored in CompiledArtifacts. */
  floeFile: string;
  platformFile: string;
  sourceHash: string;
}

/** Parses, validates and compiles both documents. Throws ConfigValidationError listing every problem. */
export function validateAndCompile(texts: ConfigTexts): Extract<CompileResult, { ok: true }>['artifacts'] {
  const floe = parseYamlSource(texts.floeText, texts.floeDisplay);
  const platform = parseYamlSource(texts.platformText, texts.platformDisplay);
  const diagnostics: Diagnostic[] = [...floe.errors, ...platform.errors];
  if (diagnostics.length > 0) throw new ConfigValidationError(diagnostics);

  const pipeline = check(floe, pipelineSchema, diagnostics, [['governance', 'classifications']]);
  const platformConfig = check(platform, platformSchema, diagnostics);
  if (diagnostics.length > 0 || !pipeline || !platformConfig) throw new ConfigValidationError(sorted(diagnostics));

  const result = compile({
    pipeline: pipeline as PipelineConfig,
    platform: platformConfig as PlatformConfig,
    floeFile: texts.floeFile,
    platformFile: texts.platformFile,
    sourceHash: texts.sourceHash,
    platformInput: platform.value,
  });
  if (!result.ok) {
    throw new ConfigValidationError(
      result.problems.map((p) => problemDiagnostic(p, p.document === 'floe' ? floe : platform)),
    );
  }
  return result.artifacts;
}

/** Keys under `namesOnlyUnder` are names (columns, models), not fields: literal-secret checks look at values only. */
function check<T extends z.ZodType>(
  source: YamlSource,
  schema: T,
  diagnostics: Diagnostic[],
  namesOnlyUnder: readonly (readonly string[])[] = [],
): z.output<T> | undefined {
  if (
    source.value === null ||
    source.value === undefined ||
    typeof source.value !== 'object' ||
    Array.isArray(source.value)
  ) {
    diagnostics.push({
      file: source.file,
      line: 1,
      col: 1,
      path: '',
      message: 'the document must be a YAML mapping (key: value pairs)',
      hint: 'run `floe init` to see a working example',
    });
    return undefined;
  }
  const secrets = secretDiagnostics(source, namesOnlyUnder);
  diagnostics.push(...secrets);
  const result = schema.safeParse(source.value, { reportInput: true });
  if (result.success) return secrets.length === 0 ? result.data : undefined;
  const secretPaths = new Set(secrets.map((d) => d.path));
  diagnostics.push(...issueDiagnostics(source, result.error.issues, schema).filter((d) => !secretPaths.has(d.path)));
  return undefined;
}

function problemDiagnostic(problem: ConfigProblem, source: YamlSource): Diagnostic {
  return {
    file: source.file,
    ...source.locate(problem.path),
    path: dottedPath(problem.path),
    message: problem.message,
    ...(problem.hint ? { hint: problem.hint } : {}),
  };
}

function sorted(diagnostics: Diagnostic[]): Diagnostic[] {
  return diagnostics
    .map((d, index) => ({ d, index }))
    .sort((a, b) => a.d.file.localeCompare(b.d.file) || a.d.line - b.d.line || a.d.col - b.d.col || a.index - b.index)
    .map(({ d }) => d);
}
