import { setTimeout as sleep } from 'node:timers/promises';
import type { Catalog, LoadedTable, TableIdentifier } from '../catalog/catalog.js';
import { formatTableIdentifier } from '../catalog/catalog.js';
import { IcebergError, isIcebergError } from '../errors.js';
import type { TableCommit } from '../spec/updates.js';

export interface RetryPolicy {
  /** Attempts after the first (table property commit.retry.num-retries). */
  retries: number;
  minWaitMs: number;
  maxWaitMs: number;
  /** Give up after this long in total. */
  totalTimeoutMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { retries: 20, minWaitMs: 20, maxWaitMs: 2_000, totalTimeoutMs: 300_000 };

export function retryPolicyFrom(
  properties: Readonly<Record<string, string>>,
  base: RetryPolicy = DEFAULT_RETRY,
): RetryPolicy {
  const n = (k: string, d: number) => {
    const v = Number(properties[k]);
    return Number.isFinite(v) && v >= 0 ? v : d;
  };
  return {
    retries: n('commit.retry.num-retries', base.retries),
    minWaitMs: n('commit.retry.min-wait-ms', base.minWaitMs),
    maxWaitMs: n('commit.retry.max-wait-ms', base.maxWaitMs),
    totalTimeoutMs: n('commit.retry.total-timeout-ms', base.totalTimeoutMs),
  };
}

export interface CommitAttempt extends TableCommit {
  /** Called when this attempt's commit was rejected (delete files written only for it). */
  abandon?: () => Promise<void>;
  /** After CommitStateUnknown: did this attempt land? (checked against the reloaded table) */
  landed?: (table: LoadedTable) => boolean;
}

/**
 * After CommitStateUnknown the table is reloaded to see whether the commit landed. The reload is retried a few times;
 * when the catalog stays unreachable the outcome stays unknown, and that is what the caller is told (never a retryable
 * error: retrying could append the batch twice, and discarding the files could break a commit that landed).
 */
async function reloadAfterUnknown(
  catalog: Catalog,
  identifier: TableIdentifier,
  unknown: IcebergError,
  policy: RetryPolicy,
): Promise<LoadedTable> {
  let last: unknown;
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      return await catalog.loadTable(identifier);
    } catch (error) {
      last = error;
      await sleep(Math.min(policy.maxWaitMs, 100 * 2 ** attempt));
    }
  }
  throw new IcebergError(
    'CommitStateUnknown',
    `${unknown.message}; the table could not be reloaded to tell whether the commit landed (${last instanceof Error ? last.message : String(last)})`,
    { context: { ...unknown.context, table: formatTableIdentifier(identifier) }, retryable: false, cause: last },
  );
}

/**
 * The one commit loop: build the change on the current table, commit, and on CommitConflict reload,
 * rebuild and retry with exponential backoff and jitter. CommitStateUnknown is resolved by reloading
 * and asking the attempt whether it landed; otherwise it propagates (never retried blindly).
 */
export async function commitWithRetry(
  catalog: Catalog,
  identifier: TableIdentifier,
  build: (table: LoadedTable, attempt: number) => Promise<CommitAttempt>,
  options: { policy?: RetryPolicy; start?: LoadedTable } = {},
): Promise<LoadedTable> {
  let table = options.start ?? (await catalog.loadTable(identifier));
  const policy = options.policy ?? retryPolicyFrom(table.metadata.properties);
  const started = Date.now();
  for (let attempt = 0; ; attempt++) {
    const change = await build(table, attempt);
    try {
      return await catalog.commitTable(identifier, { requirements: change.requirements, updates: change.updates });
    } catch (error) {
      if (isIcebergError(error, 'CommitStateUnknown')) {
        const reloaded = await reloadAfterUnknown(catalog, identifier, error, policy);
        if (change.landed?.(reloaded)) return reloaded;
        throw error;
      }
      if (!isIcebergError(error) || !error.retryable) {
        await change.abandon?.();
        throw error;
      }
      await change.abandon?.();
      const elapsed = Date.now() - started;
      if (attempt >= policy.retries || elapsed > policy.totalTimeoutMs) {
        throw new IcebergError(
          'CommitConflict',
          `gave up committing to ${formatTableIdentifier(identifier)} after ${attempt + 1} attempts`,
          {
            context: { table: formatTableIdentifier(identifier), attempts: attempt + 1 },
            retryable: false,
            cause: error,
          },
        );
      }
      const ceiling = Math.min(policy.maxWaitMs, policy.minWaitMs * 2 ** attempt);
      await sleep(Math.floor(ceiling / 2 + Math.random() * (ceiling / 2)));
      table = await catalog.loadTable(identifier);
    }
  }
}
