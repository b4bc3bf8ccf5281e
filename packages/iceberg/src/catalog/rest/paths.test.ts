import { describe, expect, it } from 'vitest';
import { tableIdentifier } from '../catalog.js';
import { RestPaths } from './paths.js';

describe('RestPaths', () => {
  it('joins namespace levels with the unit separator and encodes each level', () => {
    const paths = new RestPaths(undefined);
    expect(paths.namespace(['a', 'b c'])).toBe('/v1/namespaces/a%1Fb%20c');
    expect(paths.table(tableIdentifier(['bronze'], 'raw/orders'))).toBe('/v1/namespaces/bronze/tables/raw%2Forders');
    expect(paths.parentParameter(['a', 'b'])).toBe('a\u001fb');
  });

  it('puts the config prefix after /v1 and honours a namespace-separator override', () => {
    const paths = new RestPaths('/my catalog/', '%2E');
    expect(paths.namespaces()).toBe('/v1/my%20catalog/namespaces');
    expect(paths.namespace(['a', 'b'])).toBe('/v1/my%20catalog/namespaces/a%2Eb');
    expect(paths.rename()).toBe('/v1/my%20catalog/tables/rename');
    expect(paths.parentParameter(['a', 'b'])).toBe('a.b');
  });

  it('keeps a prefix the server sent already encoded (Nessie: main%7Clake) as it is', () => {
    expect(new RestPaths('main%7Clake').namespaces()).toBe('/v1/main%7Clake/namespaces');
  });
});
