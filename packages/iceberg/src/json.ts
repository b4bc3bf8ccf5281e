import { dataInvalid } from './errors.js';

/**
 * JSON with lossless 64-bit integers: integers beyond 2^53 parse to `bigint`, `bigint` values
 * serialise as plain JSON numbers. Wire schemas then normalise every long field to `bigint`.
 *
 * Implementation: the native parser, with unsafe integers first wrapped in marked strings (found by
 * one scan that skips string literals), then turned into bigint by a tree walk.
 */
const MARK = '\u0000bigint:';

/**
 * Wraps integer literals that do not fit a double in marked strings. One pass over the text with
 * charCodeAt, skipping string literals; returns the text unchanged when there is nothing to mark.
 */
export function markUnsafeIntegers(text: string): { text: string; marked: boolean } {
  let out: string[] | undefined;
  let last = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      i = text.indexOf('"', i + 1);
      while (i !== -1 && text.charCodeAt(i - 1) === 92) {
        let backslashes = 1;
        while (text.charCodeAt(i - 1 - backslashes) === 92) backslashes++;
        if (backslashes % 2 === 0) break;
        i = text.indexOf('"', i + 1);
      }
      if (i === -1) break;
      continue;
    }
    if (c === 45 /* - */ || (c >= 48 && c <= 57)) {
      const start = i;
      let j = c === 45 ? i + 1 : i;
      while (j < n && text.charCodeAt(j) >= 48 && text.charCodeAt(j) <= 57) j++;
      const next = j < n ? text.charCodeAt(j) : 0;
      if (next === 46 /* . */ || next === 101 /* e */ || next === 69 /* E */) {
        while (j < n) {
          const d = text.charCodeAt(j);
          if ((d >= 48 && d <= 57) || d === 46 || d === 101 || d === 69 || d === 43 || d === 45) j++;
          else break;
        }
      } else if (j - start >= 16) {
        const token = text.slice(start, j);
        if (!Number.isSafeInteger(Number(token))) {
          out ??= [];
          out.push(text.slice(last, start), `"\\u0000bigint:${token}"`);
          last = j;
        }
      }
      i = j - 1;
    }
  }
  if (!out) return { text, marked: false };
  out.push(text.slice(last));
  return { text: out.join(''), marked: true };
}

export function revive(value: unknown): unknown {
  if (typeof value === 'string') return value.startsWith(MARK) ? BigInt(value.slice(MARK.length)) : value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = revive(value[i]);
    return value;
  }
  if (value !== null && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    for (const k of Object.keys(o)) o[k] = revive(o[k]);
  }
  return value;
}

export function parseJson(text: string, source = 'JSON'): unknown {
  const prepared = markUnsafeIntegers(text);
  try {
    const parsed: unknown = JSON.parse(prepared.text);
    return prepared.marked ? revive(parsed) : parsed;
  } catch (error) {
    throw dataInvalid(`cannot parse ${source}: ${(error as Error).message}`, { source }, error);
  }
}

const QUOTED_MARK = /"\\u0000bigint:(-?\d+)"/g;

export function stringifyJson(value: unknown, space?: number): string {
  let marked = false;
  const text = JSON.stringify(
    value,
    (_key, v: unknown) => {
      if (typeof v !== 'bigint') return v;
      marked = true;
      return `${MARK}${v}`;
    },
    space,
  );
  if (text === undefined) throw dataInvalid('value cannot be serialised as JSON');
  return marked ? text.replace(QUOTED_MARK, '$1') : text;
}
