import { describe, expect, it } from 'vitest';
import { parseJson, stringifyJson } from './json.js';

describe('lossless JSON', () => {
  it('parses integers above 2^53 to bigint and keeps everything else native', () => {
    const v = parseJson(
      '{"a": 9007199254740993, "b": [-9223372036854775808, 12, 1.5, 1e3], "s": "9007199254740993", "f": 0.12345678901234567}',
    ) as Record<string, unknown>;
    expect(v.a).toBe(9007199254740993n);
    expect(v.b).toEqual([-9223372036854775808n, 12, 1.5, 1000]);
    expect(v.s).toBe('9007199254740993');
    expect(v.f).toBe(Number('0.12345678901234567'));
  });

  it('ignores digits inside strings, including escaped quotes', () => {
    const v = parseJson('{"k": "x\\" 12345678901234567890 ", "n": 12345678901234567890}') as Record<string, unknown>;
    expect(v.k).toBe('x" 12345678901234567890 ');
    expect(v.n).toBe(12345678901234567890n);
  });

  it('leaves doubles with long mantissas alone and handles a bare number', () => {
    const text = '[1.23456789012345678e+20, -0.00000000000000001, 12345678901234567.5]';
    expect(parseJson(text)).toEqual(JSON.parse(text));
    expect(parseJson('-9007199254740993')).toBe(-9007199254740993n);
  });

  it('round-trips bigint values as plain JSON numbers', () => {
    const text = stringifyJson({ id: 7450384968080253287n, small: 3n, list: [1n, 'a'] });
    expect(text).toBe('{"id":7450384968080253287,"small":3,"list":[1,"a"]}');
    expect(parseJson(text)).toEqual({ id: 7450384968080253287n, small: 3, list: [1, 'a'] });
  });

  it('rejects invalid JSON with DataInvalid', () => {
    expect(() => parseJson('{nope')).toThrow(/cannot parse/);
  });
});
