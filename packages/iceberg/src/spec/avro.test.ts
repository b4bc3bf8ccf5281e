import { describe, expect, it } from 'vitest';
import { readAvroFile, writeAvroFile } from './avro.js';

describe('Avro container files', () => {
  it('round-trips 64-bit longs losslessly as bigint, keeps field ids and header metadata', () => {
    const schema = { type: 'record', name: 'r', fields: [{ name: 'a', type: 'long', 'field-id': 7 }] };
    const values = [0n, 1n, -1n, 63n, -64n, 64n, 2n ** 48n, -(2n ** 48n), 2n ** 53n + 1n, 2n ** 63n - 1n, -(2n ** 63n)];
    for (const codec of ['deflate', 'null'] as const) {
      const file = readAvroFile(
        writeAvroFile(
          schema,
          values.map((a) => ({ a })),
          { 'format-version': '2' },
          codec,
        ),
      );
      expect(file.records.map((r) => (r as { a: bigint }).a)).toEqual(values);
      expect(file.metadata['format-version']).toBe('2');
      expect((file.schema.fields as Array<Record<string, unknown>>)[0]!['field-id']).toBe(7);
    }
  });

  it('rejects truncated and foreign files', () => {
    const bytes = writeAvroFile({ type: 'record', name: 'r', fields: [{ name: 'a', type: 'long' }] }, [{ a: 1n }], {});
    expect(() => readAvroFile(bytes.slice(0, bytes.length - 5))).toThrow(/truncated|corrupt|sync/);
    expect(() => readAvroFile(new TextEncoder().encode('PAR1xxxx'))).toThrow(/not an Avro file/);
  });
});
