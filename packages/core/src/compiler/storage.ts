import { posix } from 'node:path';
import type { CompiledStorage } from '../config/artifacts.js';
import type { StorageProfileConfig } from '../config/platform.js';

/** Normalises a filesystem path from a config file to a POSIX path, keeping it relative when it was. */
export function normalizePath(path: string): string {
  const slashed = path.replace(/\\/g, '/');
  const normalized = posix.normalize(slashed);
  return normalized.length > 1 ? normalized.replace(/\/+$/, '') : normalized;
}

export function joinLocation(root: string, ...parts: string[]): string {
  const base = root.replace(/\/+$/, '');
  const rest = parts.filter((p) => p !== '').join('/');
  if (rest === '') return base;
  if (base === '' || base === '.') return rest;
  return `${base}/${rest}`;
}

function withPrefix(base: string, prefix: string): string {
  return prefix === '' ? base : `${base}/${prefix}`;
}

export function compileStorage(profile: string, config: StorageProfileConfig): CompiledStorage {
  switch (config.type) {
    case 'local': {
      const path = normalizePath(config.path);
      return { profile, type: 'local', root: path, path };
    }
    case 's3':
      return {
        profile,
        type: 's3',
        root: withPrefix(`s3://${config.bucket}`, config.prefix),
        bucket: config.bucket,
        prefix: config.prefix,
        endpoint: config.endpoint ?? null,
        region: config.region,
        path_style: config.path_style,
        credentials: config.credentials
          ? {
              access_key_id: config.credentials.access_key_id,
              secret_access_key: config.credentials.secret_access_key,
              session_token: config.credentials.session_token ?? null,
            }
          : null,
      };
    case 'gcs':
      return {
        profile,
        type: 'gcs',
        root: withPrefix(`gs://${config.bucket}`, config.prefix),
        bucket: config.bucket,
        prefix: config.prefix,
        project: config.project ?? null,
        endpoint: config.endpoint ?? null,
        credentials: config.credentials ? { service_account_key: config.credentials.service_account_key } : null,
      };
    case 'adls':
      return {
        profile,
        type: 'adls',
        root: withPrefix(`abfss://${config.container}@${config.account}.dfs.core.windows.net`, config.prefix),
        account: config.account,
        container: config.container,
        prefix: config.prefix,
        endpoint: config.endpoint ?? null,
        credentials: config.credentials ? { ...config.credentials } : null,
      };
  }
}
