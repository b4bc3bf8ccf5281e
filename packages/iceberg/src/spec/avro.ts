import { deflateRawSync, inflateRawSync } from 'node:zlib';
import avro from 'avsc';
import { dataInvalid, featureUnsupported } from '../errors.js';

/**
 * Avro object container files, synchronous, with 64-bit longs as `bigint` (lossless).
 * The writer schema is written to the header verbatim, so Iceberg's `field-id` attributes survive.
 */
/** Zigzag varint bytes (as avsc hands them over with noUnpack) to a bigint. */
function varintToBigint(buf: Buffer): bigint {
  if (buf.length <= 7) {
    // fits 49 bits: plain number arithmetic
    let n = 0;
    let scale = 1;
    for (let i = 0; i < buf.length; i++) {
      n += (buf[i]! & 0x7f) * scale;
      scale *= 128;
    }
    return n % 2 === 0 ? BigInt(n / 2) : -BigInt((n + 1) / 2);
  }
  let n = 0n;
  let shift = 0n;
  for (const b of buf) {
    n |= BigInt(b & 0x7f) << shift;
    shift += 7n;
  }
  return (n & 1n) === 0n ? n >> 1n : -((n + 1n) >> 1n);
}

function bigintToVarint(value: bigint | number): Buffer {
  const v = BigInt(value);
  let n = v >= 0n ? v << 1n : (-v << 1n) - 1n;
  const out: number[] = [];
  do {
    let byte = Number(n & 0x7fn);
    n >>= 7n;
    if (n !== 0n) byte |= 0x80;
    out.push(byte);
  } while (n !== 0n);
  return Buffer.from(out);
}

const bigLong = avro.types.LongType.__with(
  {
    fromBuffer: varintToBigint,
    toBuffer: bigintToVarint,
    fromJSON: (x: number | string) => BigInt(x),
    toJSON: (x: bigint) => Number(x),
    isValid: (x: unknown) => typeof x === 'bigint' || (typeof x === 'number' && Number.isSafeInteger(x)),
    compare: (a: bigint, b: bigint) => (a < b ? -1 : a > b ? 1 : 0),
  },
  true,
);

export type AvroSchema = Record<string, unknown>;

/** Compiled types by schema text: avsc compiles a reader/writer per type, worth doing once. */
const types = new Map<string, avro.Type>();

export function avroType(schema: AvroSchema, text = JSON.stringify(schema)): avro.Type {
  let type = types.get(text);
  if (!type) {
    type = avro.Type.forSchema(schema as avro.Schema, { registry: { long: bigLong } } as never);
    if (types.size > 256) types.clear();
    types.set(text, type);
  }
  return type;
}

const MAGIC = Buffer.from([0x4f, 0x62, 0x6a, 0x01]);
const headerType = avro.Type.forSchema({
  type: 'record',
  name: 'org.apache.avro.file.Header',
  fields: [
    { name: 'magic', type: { type: 'fixed', name: 'Magic', size: 4 } },
    { name: 'meta', type: { type: 'map', values: 'bytes' } },
    { name: 'sync', type: { type: 'fixed', name: 'Sync', size: 16 } },
  ],
});
const longType = avro.Type.forSchema('long');

export interface AvroFile {
  readonly schema: AvroSchema;
  readonly metadata: Readonly<Record<string, string>>;
  readonly records: unknown[];
}

export function writeAvroFile(
  schema: AvroSchema,
  records: readonly unknown[],
  metadata: Record<string, string>,
  codec: 'deflate' | 'null' = 'deflate',
): Uint8Array {
  const schemaText = JSON.stringify(schema);
  const type = avroType(schema, schemaText);
  const meta: Record<string, Buffer> = {
    'avro.schema': Buffer.from(schemaText),
    'avro.codec': Buffer.from(codec),
  };
  for (const [k, v] of Object.entries(metadata)) meta[k] = Buffer.from(v);
  const sync = Buffer.from(Array.from({ length: 16 }, () => Math.floor(Math.random() * 256)));
  const parts: Buffer[] = [headerType.toBuffer({ magic: MAGIC, meta, sync })];
  if (records.length > 0) {
    const raw = Buffer.concat(records.map((r) => type.toBuffer(r)));
    const data = codec === 'deflate' ? deflateRawSync(raw) : raw;
    parts.push(longType.toBuffer(records.length), longType.toBuffer(data.length), data, sync);
  }
  return Buffer.concat(parts);
}

export function readAvroFile(bytes: Uint8Array, source = 'avro file'): AvroFile {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.length < 4 || !buf.subarray(0, 4).equals(MAGIC)) throw dataInvalid(`${source} is not an Avro file`);
  const { value: header, offset: start } = headerType.decode(buf, 0) as {
    value: { meta: Record<string, Buffer>; sync: Buffer };
    offset: number;
  };
  if (start < 0) throw dataInvalid(`${source} has a truncated Avro header`);
  const metadata: Record<string, string> = {};
  for (const [k, v] of Object.entries(header.meta)) metadata[k] = v.toString('utf8');
  const schemaText = metadata['avro.schema'] ?? 'null';
  const schema = JSON.parse(schemaText) as AvroSchema;
  if (!schema) throw dataInvalid(`${source} has no Avro schema`);
  const codec = metadata['avro.codec'] ?? 'null';
  if (codec !== 'null' && codec !== 'deflate') throw featureUnsupported(`Avro codec ${codec} in ${source}`);
  const type = avroType(schema, schemaText);
  const records: unknown[] = [];
  let pos = start;
  while (pos < buf.length) {
    const count = longType.decode(buf, pos) as { value: number; offset: number };
    const size = longType.decode(buf, count.offset) as { value: number; offset: number };
    if (count.offset < 0 || size.offset < 0) throw dataInvalid(`${source} has a truncated Avro block`);
    const end = size.offset + size.value;
    if (end + 16 > buf.length) throw dataInvalid(`${source} has a truncated Avro block`);
    const block = buf.subarray(size.offset, end);
    const data = codec === 'deflate' ? inflateRawSync(block) : block;
    let p = 0;
    for (let i = 0; i < count.value; i++) {
      const r = type.decode(data, p) as { value: unknown; offset: number };
      if (r.offset < 0) throw dataInvalid(`${source} has a corrupt Avro record`);
      records.push(r.value);
      p = r.offset;
    }
    if (!buf.subarray(end, end + 16).equals(header.sync)) throw dataInvalid(`${source} has a bad Avro sync marker`);
    pos = end + 16;
  }
  return { schema, metadata, records };
}
