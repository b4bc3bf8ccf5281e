import { createHmac } from 'node:crypto';

/** Storage service version floe speaks. */
export const AZURE_STORAGE_VERSION = '2021-12-02';

export interface AzureSignInput {
  method: string;
  url: URL;
  account: string;
  /** Base64 account key. */
  key: string;
  headers: Record<string, string>;
  contentLength: number;
}

/** Adds x-ms-date and the SharedKey authorization header (Azure Storage "Shared Key" scheme). */
export function signSharedKey(input: AzureSignInput): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(input.headers)) headers[k.toLowerCase()] = v;
  headers['x-ms-date'] = new Date().toUTCString();
  headers['x-ms-version'] ??= AZURE_STORAGE_VERSION;
  const standard = [
    'content-encoding',
    'content-language',
    'content-length',
    'content-md5',
    'content-type',
    'date',
    'if-modified-since',
    'if-match',
    'if-none-match',
    'if-unmodified-since',
    'range',
  ].map((name) =>
    name === 'content-length' ? (input.contentLength > 0 ? String(input.contentLength) : '') : (headers[name] ?? ''),
  );
  const msHeaders = Object.keys(headers)
    .filter((name) => name.startsWith('x-ms-'))
    .sort()
    .map((name) => `${name}:${headers[name]!.trim()}\n`)
    .join('');
  const params = new Map<string, string[]>();
  for (const [k, v] of input.url.searchParams) {
    const name = k.toLowerCase();
    params.set(name, [...(params.get(name) ?? []), v]);
  }
  const query = [...params.keys()]
    .sort()
    .map((name) => `\n${name}:${params.get(name)!.sort().join(',')}`)
    .join('');
  const resource = `/${input.account}${input.url.pathname}${query}`;
  const stringToSign = `${input.method}\n${standard.join('\n')}\n${msHeaders}${resource}`;
  const signature = createHmac('sha256', Buffer.from(input.key, 'base64'))
    .update(stringToSign, 'utf8')
    .digest('base64');
  headers.authorization = `SharedKey ${input.account}:${signature}`;
  return headers;
}
