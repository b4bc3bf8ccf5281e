import pg from 'pg';
import { IcebergError } from '../../errors.js';
import type { SqlDriver } from './driver.js';

const toDollar = (sql: string) => {
  let i = 0;
  return sql.replace(/\?/g, () => `$${++i}`);
};

const wrap = (error: unknown) => {
  const code = (error as { code?: string }).code ?? '';
  if (code === '23505') return new IcebergError('AlreadyExists', 'row already exists', { cause: error });
  if (code.startsWith('08') || code === '57P01' || code === 'ECONNREFUSED' || code === 'ECONNRESET') {
    return new IcebergError('ServiceUnavailable', `PostgreSQL unavailable: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return new IcebergError('Unexpected', `PostgreSQL: ${(error as Error).message}`, { cause: error });
};

/** PostgreSQL through a small `pg` pool. */
export class PostgresDriver implements SqlDriver {
  readonly dialect = 'postgres' as const;
  private readonly pool: pg.Pool;

  constructor(connectionString: string, options: { max?: number } = {}) {
    this.pool = new pg.Pool({ connectionString, max: options.max ?? 4 });
    this.pool.on('error', () => undefined);
  }

  async all<T extends Record<string, unknown>>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    try {
      return (await this.pool.query(toDollar(sql), [...params])).rows as T[];
    } catch (error) {
      throw wrap(error);
    }
  }

  async run(sql: string, params: readonly unknown[] = []): Promise<number> {
    try {
      return (await this.pool.query(toDollar(sql), [...params])).rowCount ?? 0;
    } catch (error) {
      throw wrap(error);
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
