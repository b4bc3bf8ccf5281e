/** The small SQL surface the SQL catalog needs; SQLite and PostgreSQL implement it. */
export interface SqlDriver {
  readonly dialect: 'sqlite' | 'postgres';
  /** Rows of a query. Placeholders are `?`. */
  all<T extends Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /** Runs a statement; returns the number of affected rows. */
  run(sql: string, params?: readonly unknown[]): Promise<number>;
  close(): Promise<void>;
}
