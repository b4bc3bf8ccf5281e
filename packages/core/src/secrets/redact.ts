/**
 * Resolved secret values are registered here so any text floe prints, logs or writes can be scrubbed.
 * `resolveSecret` registers every value it returns.
 */
const registry = new Set<string>();

export const REDACTED = '***';

/** Values shorter than this are not registered: replacing them would mangle ordinary text. */
const MIN_LENGTH = 4;

export function registerSecret(value: string): void {
  if (value.length >= MIN_LENGTH) registry.add(value);
}

export function clearSecrets(): void {
  registry.clear();
}

/** Replaces every registered secret value (and its URL-encoded form) in `text` with `***`. */
export function redact(text: string, extra: Iterable<string> = []): string {
  const values = [...registry, ...[...extra].filter((v) => v.length >= MIN_LENGTH)];
  if (values.length === 0) return text;
  const forms = new Set<string>();
  for (const value of values) {
    forms.add(value);
    forms.add(encodeURIComponent(value));
  }
  // Longest first so a secret that contains another is replaced whole.
  let out = text;
  for (const form of [...forms].sort((a, b) => b.length - a.length)) out = out.split(form).join(REDACTED);
  return out;
}
