import { describe, expect, it } from 'vitest';
import { connectRestCatalog } from './catalog.js';

/** A stub `fetch` answering only GET /v1/config, recording the URLs asked for. */
const configStub = (config: unknown) => {
  const urls: string[] = [];
  const stubFetch: typeof fetch = async (input) => {
    urls.push(String(input));
    const url = new URL(String(input));
    if (url.pathname.endsWith('/v1/config')) return Response.json(config);
    return Response.json({ namespaces: [], 'next-page-token': null });
  };
  return { urls, stubFetch };
};

describe('stub: GET /v1/config merging (defaults < client options < overrides)', () => {
  it('uses the client prefix unless the server overrides it', async () => {
    const own = configStub({ defaults: { prefix: 'from-defaults' }, overrides: {} });
    const a = await connectRestCatalog({
      uri: 'http://127.0.0.1:1/api/catalog/v1',
      prefix: 'mine',
      fetch: own.stubFetch,
    });
    expect(a.config.prefix).toBe('mine');
    await a.listNamespaces();
    expect(own.urls.at(-1)).toBe('http://127.0.0.1:1/api/catalog/v1/mine/namespaces');

    const server = configStub({ defaults: {}, overrides: { prefix: 'polaris_catalog', 'namespace-separator': '%2E' } });
    const b = await connectRestCatalog({
      uri: 'http://127.0.0.1:1/api/catalog',
      warehouse: 'floe wh',
      prefix: 'mine',
      fetch: server.stubFetch,
    });
    expect(server.urls[0]).toBe('http://127.0.0.1:1/api/catalog/v1/config?warehouse=floe+wh');
    expect(b.config.prefix).toBe('polaris_catalog');
    await b.listNamespaces(['a', 'b']);
    expect(server.urls.at(-1)).toBe('http://127.0.0.1:1/api/catalog/v1/polaris_catalog/namespaces?parent=a.b');
  });

  it('rejects a config response of the wrong shape as Unexpected', async () => {
    const bad = configStub({ defaults: 'nope' });
    const error = await connectRestCatalog({ uri: 'http://127.0.0.1:1', fetch: bad.stubFetch }).catch(
      (e: unknown) => e,
    );
    expect((error as { kind?: string }).kind).toBe('Unexpected');
  });

  it('follows next-page-token through every page and stops on a repeated token', async () => {
    const pages: Record<string, unknown> = {
      '': { identifiers: [{ namespace: ['n'], name: 'a' }], 'next-page-token': 'p2' },
      p2: { identifiers: [{ namespace: ['n'], name: 'b' }], 'next-page-token': 'p3' },
      p3: { identifiers: [{ namespace: ['n'], name: 'c' }], 'next-page-token': null },
      loop: { identifiers: [], 'next-page-token': 'loop' },
    };
    const pagingFetch: typeof fetch = async (input) => {
      const url = new URL(String(input));
      if (url.pathname.endsWith('/v1/config')) return Response.json({ defaults: {}, overrides: {} });
      const page = url.searchParams.get('pageToken') ?? (url.pathname.includes('looping') ? 'loop' : '');
      return Response.json(pages[page]);
    };
    const catalog = await connectRestCatalog({ uri: 'http://127.0.0.1:1', fetch: pagingFetch });
    expect((await catalog.listTables(['n'])).map((t) => t.name)).toEqual(['a', 'b', 'c']);
    const error = await catalog.listTables(['looping']).catch((e: unknown) => e);
    expect((error as { kind?: string }).kind).toBe('Unexpected');
  });
});
