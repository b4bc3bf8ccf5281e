import duckdb from '@duckdb/node-bindings';
import type { TableBatch } from '../../columns/batch.js';

/** DuckDB's vector size: the most rows a data chunk holds. */
export const VECTOR_ROWS = 2048;
const TWO_POW_32 = 4294967296;

/**
 * Fills a DuckDB data chunk from rows of a TableBatch: fixed-width columns are copied as whole
 * memory ranges (no per-value calls), 64-bit values are split into 32-bit halves without BigInt,
 * nulls become validity bitmaps. Only text columns cost one call per value.
 */
export class ChunkFiller {
  private readonly words = new Int32Array(VECTOR_ROWS * 2);
  private readonly validity = new Uint32Array(VECTOR_ROWS / 32);

  fill(chunk: duckdb.DataChunk, batch: TableBatch, from: number, n: number): void {
    duckdb.data_chunk_set_size(chunk, n);
    const specs = batch.table.columns;
    for (let c = 0; c < specs.length; c++) {
      const vector = duckdb.data_chunk_get_vector(chunk, c);
      const data = batch.columns[c]!;
      switch (specs[c]!.kind) {
        case 'id':
          this.copyInt64(vector, data as Float64Array, from, n, 1);
          break;
        case 'timestamp':
          this.copyInt64(vector, data as Float64Array, from, n, 1000);
          break;
        case 'int':
        case 'money': {
          const a = data as Int32Array;
          duckdb.copy_data_to_vector(vector, 0, a.buffer as ArrayBuffer, a.byteOffset + from * 4, n * 4);
          break;
        }
        case 'category': {
          const a = data as Uint8Array;
          duckdb.copy_data_to_vector(vector, 0, a.buffer as ArrayBuffer, a.byteOffset + from, n);
          break;
        }
        case 'text': {
          const a = data as string[];
          const flags = batch.hasNulls[c] ? batch.nulls[c]! : null;
          for (let i = 0; i < n; i++) {
            if (!flags || flags[from + i] === 0) duckdb.vector_assign_string_element(vector, i, a[from + i]!);
          }
          break;
        }
      }
      if (batch.hasNulls[c]) this.copyNulls(vector, batch.nulls[c]!, from, n);
    }
  }

  private copyInt64(vector: duckdb.Vector, values: Float64Array, from: number, n: number, scale: number): void {
    const words = this.words;
    for (let i = 0; i < n; i++) {
      const v = values[from + i]! * scale;
      words[2 * i] = v >>> 0;
      words[2 * i + 1] = Math.floor(v / TWO_POW_32);
    }
    duckdb.copy_data_to_vector(vector, 0, words.buffer as ArrayBuffer, 0, n * 8);
  }

  private copyNulls(vector: duckdb.Vector, flags: Uint8Array, from: number, n: number): void {
    const bits = this.validity;
    bits.fill(0xffffffff);
    let any = false;
    for (let i = 0; i < n; i++) {
      if (flags[from + i] === 1) {
        bits[i >>> 5] = bits[i >>> 5]! & ~(1 << (i & 31));
        any = true;
      }
    }
    if (!any) return;
    duckdb.vector_ensure_validity_writable(vector);
    duckdb.copy_data_to_vector_validity(vector, 0, bits.buffer as ArrayBuffer, 0, Math.ceil(n / 64) * 8);
  }
}
