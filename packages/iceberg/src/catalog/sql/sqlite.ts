import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { IcebergError } from '../../errors.js';
import type { SqlDriver } from './driver.js';

const wrap = (error: unknown) => {
  const code = (error as { code?: string }).code ?? '';
  if (code.startsWith('SQLITE_CONSTRAINT')) {
    return new IcebergError('AlreadyExists', 'row already exists', { cause: error });
  }
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') {
    return new IcebergError('ServiceUnavailable', 'SQLite database is locked', { cause: error, retryable: true });
  }
  return new IcebergError('Unexpected', `SQLite: ${(error as Error).message}`, { cause: error });
};

/**
 * SQLite through better-sqlite3: real file locks, so several processes can share one catalog file.
 * Waits up to `busyTimeoutMs` for a lock held by another process.
 */
export class SqliteDriver implements SqlDriver {
  readonly dialect = 'sqlite' as const;
  private readonly db: Database.Database;

  constructor(path: string, options: { busyTimeoutMs?: number; wal?: boolean } = {}) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path, { timeout: options.busyTimeoutMs ?? 60_000 });
    // WAL: one fsync per commit instead of three, readers never block the writer. The mode is stored
    // in the database file; PyIceberg (SQLAlchemy) and other SQLite clients work with it unchanged.
    if (path !== ':memory:' && options.wal !== false) {
      try {
        this.db.pragma('journal_mode = WAL');
      } catch {
        // another process holds a lock while switching: keep the current mode, it is correct either way
      }
    }
  }

  async all<T extends Record<string, unknown>>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    try {
      return this.db.prepare(sql).all(...params) as T[];
    } catch (error) {
      throw wrap(error);
    }
  }

  async run(sql: string, params: readonly unknown[] = []): Promise<number> {
    try {
      return this.db.prepare(sql).run(...params).changes;
    } catch (error) {
      throw wrap(error);
    }
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
