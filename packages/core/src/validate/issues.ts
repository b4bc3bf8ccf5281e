import type { z } from 'zod';
import { detectLiteralSecrets } from '../secrets/detect.js';
import { SECRET_REF_HINT } from '../secrets/ref.js';
import type { Diagnostic } from './diagnostics.js';
import { closest, knownKeys } from './known-keys.js';
import type { YamlSource } from './yaml-source.js';

export function dottedPath(path: readonly PropertyKey[]): string {
  return path.map(String).join('.');
}

/** Literal credentials in a document, as diagnostics. */
export function secretDiagnostics(
  source: YamlSource,
  namesOnlyUnder: readonly (readonly string[])[] = [],
): Diagnostic[] {
  return detectLiteralSecrets(source.value, { namesOnlyUnder }).map((finding) => ({
    file: source.file,
    ...source.locate(finding.path),
    path: dottedPath(finding.path),
    message: `literal credential: ${finding.reason}`,
    hint: SECRET_REF_HINT,
  }));
}

/** Turns zod issues into diagnostics pointing into the YAML source. */
export function issueDiagnostics(
  source: YamlSource,
  issues: readonly z.core.$ZodIssue[],
  schema?: z.ZodType,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      const known = schema ? knownKeys(schema, source.value, issue.path) : undefined;
      for (const key of issue.keys) {
        const path = [...issue.path, key];
        const suggestion = known ? closest(key, known) : undefined;
        out.push({
          file: source.file,
          ...source.locate(path, { key: true }),
          path: dottedPath(path),
          message: `unknown field "${key}"`,
          hint: suggestion
            ? `did you mean "${suggestion}"?`
            : known
              ? `allowed here: ${known.join(', ')}`
              : 'remove it or check its spelling and indentation',
        });
      }
      continue;
    }
    const isKey = issue.code === 'invalid_key';
    out.push({
      file: source.file,
      ...source.locate(issue.path, { key: isKey }),
      path: dottedPath(issue.path),
      ...describe(issue),
    });
  }
  return out;
}

function describe(issue: z.core.$ZodIssue): { message: string; hint?: string } {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return { message: `missing required field (expected ${issue.expected})` };
      return { message: `expected ${issue.expected}, got ${typeName(issue.input)}` };
    case 'invalid_value':
      return {
        message: `invalid value ${shortValue(issue.input)}`,
        hint: `expected one of: ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`,
      };
    case 'invalid_union': {
      if (issue.discriminator) {
        const options = 'options' in issue && issue.options ? issue.options.map((o) => JSON.stringify(o)) : [];
        return {
          message: `unknown or missing "${issue.discriminator}"`,
          hint: options.length > 0 ? `expected one of: ${options.join(', ')}` : 'see `floe schema platform`',
        };
      }
      return { message: 'value matches none of the allowed shapes' };
    }
    case 'invalid_format':
      if (issue.message.includes('secret reference'))
        return { message: 'must be a secret reference', hint: SECRET_REF_HINT };
      return { message: issue.message };
    case 'invalid_key': {
      const key = issue.path[issue.path.length - 1];
      return { message: `invalid name "${String(key)}": ${issue.issues[0]?.message ?? issue.message}` };
    }
    case 'too_small':
    case 'too_big':
      return { message: issue.message };
    default:
      return { message: issue.message };
  }
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return typeof value;
}

function shortValue(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}
