import { type ColumnKind, type ColumnSpec, columnIndex, type TableSpec } from './schema.js';

export type ColumnData = Float64Array | Int32Array | Uint8Array | string[];

function allocate(kind: ColumnKind, capacity: number): ColumnData {
  switch (kind) {
    case 'id':
    case 'timestamp':
      return new Float64Array(capacity);
    case 'int':
    case 'money':
      return new Int32Array(capacity);
    case 'category':
      return new Uint8Array(capacity);
    case 'text':
      return new Array<string>(capacity).fill('');
  }
}

/**
 * A batch of rows for one table, stored column by column in typed arrays. A batch is reused:
 * `reset()` empties it without freeing memory, so generation allocates nothing per row.
 */
export class TableBatch {
  columns: ColumnData[];
  /** Per column: null flags (1 = null), allocated only for nullable columns. */
  nulls: (Uint8Array | null)[];
  /** Per column: whether any row of the current contents is null. */
  readonly hasNulls: boolean[];
  length = 0;

  constructor(
    readonly table: TableSpec,
    public capacity: number,
  ) {
    this.columns = table.columns.map((c) => allocate(c.kind, capacity));
    this.nulls = table.columns.map((c) => (c.nullable ? new Uint8Array(capacity) : null));
    this.hasNulls = table.columns.map(() => false);
  }

  /** A batch over existing arrays (e.g. received from a worker thread). */
  static fromColumns(
    table: TableSpec,
    length: number,
    columns: ColumnData[],
    nulls: (Uint8Array | null)[],
    hasNulls: boolean[],
  ): TableBatch {
    const batch = new TableBatch(table, 0);
    batch.columns = columns;
    batch.nulls = nulls;
    batch.capacity = length;
    batch.length = length;
    hasNulls.forEach((v, i) => {
      batch.hasNulls[i] = v;
    });
    return batch;
  }

  reset(): void {
    for (let c = 0; c < this.nulls.length; c++) {
      if (this.hasNulls[c]) this.nulls[c]!.fill(0, 0, this.length);
      this.hasNulls[c] = false;
    }
    this.length = 0;
  }

  private column(name: string): { spec: ColumnSpec; data: ColumnData } {
    const i = columnIndex(this.table, name);
    return { spec: this.table.columns[i]!, data: this.columns[i]! };
  }

  /** The Float64Array behind an `id` or `timestamp` column. */
  f64(name: string): Float64Array {
    const { data } = this.column(name);
    if (!(data instanceof Float64Array)) throw new Error(`${this.table.name}.${name} is not an id/timestamp column`);
    return data;
  }

  /** The Int32Array behind an `int` or `money` column. */
  i32(name: string): Int32Array {
    const { data } = this.column(name);
    if (!(data instanceof Int32Array)) throw new Error(`${this.table.name}.${name} is not an int/money column`);
    return data;
  }

  /** The Uint8Array of codes behind a `category` column. */
  codes(name: string): Uint8Array {
    const { data } = this.column(name);
    if (!(data instanceof Uint8Array)) throw new Error(`${this.table.name}.${name} is not a category column`);
    return data;
  }

  /** The string array behind a `text` column. */
  text(name: string): string[] {
    const { data } = this.column(name);
    if (!Array.isArray(data)) throw new Error(`${this.table.name}.${name} is not a text column`);
    return data;
  }

  /** Marks one cell null. */
  setNull(columnIndex: number, row: number): void {
    const flags = this.nulls[columnIndex];
    if (!flags) throw new Error(`${this.table.name}.${this.table.columns[columnIndex]?.name} is not nullable`);
    flags[row] = 1;
    this.hasNulls[columnIndex] = true;
  }

  isNull(columnIndex: number, row: number): boolean {
    return this.nulls[columnIndex]?.[row] === 1;
  }

  /** Grows the arrays (keeping contents) so that `rows` rows fit. */
  ensureCapacity(rows: number): void {
    if (rows <= this.capacity) return;
    let size = Math.max(16, this.capacity);
    while (size < rows) size *= 2;
    this.columns = this.columns.map((data, c) => {
      const next = allocate(this.table.columns[c]!.kind, size);
      if (Array.isArray(data)) for (let i = 0; i < this.length; i++) (next as string[])[i] = data[i]!;
      else (next as Float64Array).set((data as Float64Array).subarray(0, this.length));
      return next;
    });
    this.nulls = this.nulls.map((flags) => {
      if (!flags) return null;
      const next = new Uint8Array(size);
      next.set(flags.subarray(0, this.length));
      return next;
    });
    this.capacity = size;
  }

  /** Copies row `from` to row `to` (all columns and null flags). */
  copyRow(from: number, to: number): void {
    for (let c = 0; c < this.columns.length; c++) {
      const data = this.columns[c]!;
      data[to] = data[from]!;
      const flags = this.nulls[c];
      if (flags) flags[to] = flags[from]!;
    }
  }

  /** Reads one cell as a plain JS value (tests, JSON previews); null for null cells. */
  value(columnIndex: number, row: number): number | string | null {
    if (this.isNull(columnIndex, row)) return null;
    const spec = this.table.columns[columnIndex]!;
    const data = this.columns[columnIndex]!;
    const v = data[row]!;
    if (spec.kind === 'category') return spec.values![v as number]!;
    return v;
  }
}
