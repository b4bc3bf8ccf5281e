import { isInteger, isSafeNumber, parse, stringify } from 'lossless-json';
import { dataInvalid } from './errors.js';

/**
 * JSON with lossless 64-bit integers: integers beyond 2^53 parse to `bigint`, `bigint` values
 * serialise as plain JSON numbers. Wire schemas then normalise every long field to `bigint`.
 */
export function parseJson(text: string, source = 'JSON'): unknown {
  try {
    return parse(text, null, (value: string) =>
      isInteger(value) && !isSafeNumber(value) ? BigInt(value) : Number(value),
    );
  } catch (error) {
    throw dataInvalid(`cannot parse ${source}: ${(error as Error).message}`, { source }, error);
  }
}

export function stringifyJson(value: unknown, space?: number): string {
  const text = stringify(value, undefined, space);
  if (text === undefined) throw dataInvalid('value cannot be serialised as JSON');
  return text;
}
