import { redact as coreRedact, REDACTED } from '@floe/core';

/** Values shorter than this are not scrubbed: replacing them would mangle ordinary text. */
const MIN_LENGTH = 4;

/**
 * A function that scrubs every given secret value from text, also in the encoded forms an upstream error
 * may echo back (URL-encoded, base64, JSON-escaped), plus every secret registered with @floe/core.
 */
export function createRedactor(values: Iterable<string>): (text: string) => string {
  const forms = new Set<string>();
  for (const value of values) {
    if (value.length < MIN_LENGTH) continue;
    forms.add(value);
    forms.add(encodeURIComponent(value));
    forms.add(Buffer.from(value).toString('base64').replace(/=+$/, ''));
    forms.add(JSON.stringify(value).slice(1, -1));
    const firstLine = value.split(/\r?\n/)[0];
    if (firstLine && firstLine !== value && firstLine.length >= 16) forms.add(firstLine);
  }
  const ordered = [...forms].filter((f) => f.length >= MIN_LENGTH).sort((a, b) => b.length - a.length);
  return (text: string) => {
    let out = text;
    for (const form of ordered) out = out.split(form).join(REDACTED);
    return coreRedact(out);
  };
}

/** Applies a redactor to every string inside a JSON-like value. */
export function redactDeep<T>(value: T, redact: (text: string) => string): T {
  if (typeof value === 'string') return redact(value) as T;
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, redact)) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[redact(k)] = redactDeep(v, redact);
    return out as T;
  }
  return value;
}
