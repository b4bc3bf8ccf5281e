import { describe, expect, it } from 'vitest';
import { murmur3x86_32 } from './murmur3.js';
import { applyTransform, parseTransform, transformResultType, transformToPath } from './transform.js';
import {
  bigintToMinimalBytes,
  bytesToBigint,
  decodeValue,
  encodeValue,
  truncateStringLower,
  truncateStringUpper,
  uuidToBytes,
} from './values.js';

describe('bucket hashing (Iceberg spec, appendix B test vectors)', () => {
  it('hashes values as the spec defines', () => {
    expect(murmur3x86_32(encodeValue('long', 34n))).toBe(2017239379);
    expect(murmur3x86_32(encodeValue('long', 17486n))).toBe(-653330422); // date 2017-11-16
    expect(murmur3x86_32(encodeValue('long', 81068000000n))).toBe(-662762989); // time 22:31:08
    expect(murmur3x86_32(encodeValue('long', 1510871468000000n))).toBe(-2047944441); // timestamp
    expect(murmur3x86_32(bigintToMinimalBytes(1420n))).toBe(-500754589); // decimal(9,2) 14.20
    expect(murmur3x86_32(Buffer.from('iceberg'))).toBe(1210000089);
    expect(murmur3x86_32(uuidToBytes('f79c3e09-677c-4bbd-a479-3f349cb785e7'))).toBe(1488055340);
    expect(murmur3x86_32(Uint8Array.of(0, 1, 2, 3))).toBe(-188683207);
  });

  it('buckets ints and longs identically', () => {
    const t = parseTransform('bucket[16]');
    expect(applyTransform(t, 'int', 34)).toBe(applyTransform(t, 'long', 34n));
    expect(applyTransform(t, 'int', 34)).toBe((2017239379 & 0x7fffffff) % 16);
  });
});

describe('transforms', () => {
  it('truncates ints, longs, decimals and strings the way the spec shows', () => {
    const t = parseTransform('truncate[10]');
    expect(applyTransform(t, 'int', 1)).toBe(0);
    expect(applyTransform(t, 'int', -1)).toBe(-10);
    expect(applyTransform(t, 'long', -1n)).toBe(-10n);
    expect(applyTransform(t, 'decimal(9, 2)', 1065n)).toBe(1060n);
    expect(applyTransform(parseTransform('truncate[3]'), 'string', 'iceberg')).toBe('ice');
  });

  it('maps dates and timestamps to years, months, days and hours since 1970', () => {
    const ts = 1510871468000000n; // 2017-11-16T22:31:08
    expect(applyTransform(parseTransform('year'), 'timestamp', ts)).toBe(47);
    expect(applyTransform(parseTransform('month'), 'timestamp', ts)).toBe(47 * 12 + 10);
    expect(applyTransform(parseTransform('day'), 'timestamp', ts)).toBe(17486);
    expect(applyTransform(parseTransform('hour'), 'timestamp', ts)).toBe(17486 * 24 + 22);
    expect(applyTransform(parseTransform('day'), 'timestamp', -1n)).toBe(-1); // floors before the epoch
    expect(transformToPath(parseTransform('month'), 47 * 12 + 10)).toBe('2017-11');
    expect(transformResultType(parseTransform('day'), 'timestamptz')).toBe('date');
  });

  it('rejects unknown transforms', () => {
    expect(() => parseTransform('bucket[0]')).toThrow();
    expect(() => parseTransform('zorder')).toThrow(/unknown partition transform/);
  });
});

describe('single-value binary encoding', () => {
  it('round-trips every primitive', () => {
    const cases: Array<[string, unknown]> = [
      ['boolean', true],
      ['int', -7],
      ['long', -(2n ** 62n)],
      ['double', 1.5],
      ['date', 17486],
      ['timestamp', 1510871468000000n],
      ['string', 'naïve ✓'],
      ['uuid', 'f79c3e09-677c-4bbd-a479-3f349cb785e7'],
      ['decimal(9, 2)', -1420n],
    ];
    for (const [type, value] of cases) expect(decodeValue(type, encodeValue(type, value as never))).toEqual(value);
    expect(encodeValue('int', 1)).toEqual(Buffer.from([1, 0, 0, 0]));
    expect(bytesToBigint(bigintToMinimalBytes(-129n))).toBe(-129n);
    expect(Buffer.from(bigintToMinimalBytes(128n))).toEqual(Buffer.from([0x00, 0x80]));
  });

  it('truncates string bounds by code points, upper bounds rounded up', () => {
    expect(truncateStringLower('ab✓defgh', 3)).toBe('ab✓');
    expect(truncateStringUpper('ab✓defgh', 3)).toBe('ab✔');
    expect(truncateStringUpper('abc', 5)).toBe('abc');
    expect(truncateStringUpper(`a${String.fromCodePoint(0x10ffff)}x`, 2)).toBe('b');
    expect(truncateStringUpper('😀😀😀', 2)).toBe('😀😁');
  });
});
