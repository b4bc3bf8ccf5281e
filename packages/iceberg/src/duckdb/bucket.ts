import {
  BIGINT,
  BLOB,
  type DuckDBBlobValue,
  type DuckDBConnection,
  DuckDBScalarFunction,
  type DuckDBType,
  INTEGER,
  VARCHAR,
} from '@duckdb/node-api';
import { murmur3x86_32 } from '../spec/murmur3.js';
import { bigintToMinimalBytes, encodeValue, uuidToBytes } from '../spec/values.js';

/**
 * Iceberg's bucket transform as DuckDB scalar functions (murmur3 is not expressible in SQL):
 *   floe_bucket_long(BIGINT, n), floe_bucket_string(VARCHAR, n), floe_bucket_blob(BLOB, n),
 *   floe_bucket_uuid(VARCHAR, n), floe_bucket_decimal(VARCHAR unscaled, n).
 * NULL in, NULL out. Registered once per connection.
 */
const registered = new WeakSet<DuckDBConnection>();

const bucket = (bytes: Uint8Array, n: number) => (murmur3x86_32(bytes) & 0x7fffffff) % n;

const FUNCTIONS: Array<{ name: string; type: DuckDBType; bytes: (v: unknown) => Uint8Array }> = [
  { name: 'floe_bucket_long', type: BIGINT, bytes: (v) => encodeValue('long', BigInt(v as bigint)) },
  { name: 'floe_bucket_string', type: VARCHAR, bytes: (v) => Buffer.from(String(v), 'utf8') },
  { name: 'floe_bucket_blob', type: BLOB, bytes: (v) => (v as DuckDBBlobValue).bytes },
  { name: 'floe_bucket_uuid', type: VARCHAR, bytes: (v) => uuidToBytes(String(v)) },
  { name: 'floe_bucket_decimal', type: VARCHAR, bytes: (v) => bigintToMinimalBytes(BigInt(String(v))) },
];

export function registerBucketFunctions(connection: DuckDBConnection): void {
  if (registered.has(connection)) return;
  for (const f of FUNCTIONS) {
    connection.registerScalarFunction(
      DuckDBScalarFunction.create({
        name: f.name,
        returnType: INTEGER,
        parameterTypes: [f.type, INTEGER],
        mainFunction: (_info, input, output) => {
          const values = input.getColumnVector(0);
          const ns = input.getColumnVector(1);
          for (let row = 0; row < input.rowCount; row++) {
            output.setItem(row, bucket(f.bytes(values.getItem(row)), Number(ns.getItem(row))));
          }
          output.flush();
        },
      }),
    );
  }
  registered.add(connection);
}
