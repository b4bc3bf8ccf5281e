import { FloeApiGateway } from '../gateway.js';
import { formatRows, type ResultRow, type TransformData } from './format.js';

interface GatewayResponse {
  status(code: number): unknown;
  json(body: unknown): unknown;
}

interface SingleResult {
  getArray(): ResultRow[];
  getTransformData(): [TransformData];
  getRootResultObject(): [Record<string, unknown>];
}

interface MultiResult {
  getResults(): SingleResult[];
  rootResultObject: Record<string, unknown>;
}

const isMulti = (value: object): value is MultiResult => 'rootResultObject' in value && 'results' in value;

function finalResult(wrapper: SingleResult): Record<string, unknown> {
  const [root] = wrapper.getRootResultObject();
  const [transform] = wrapper.getTransformData();
  return { ...root, data: formatRows(wrapper.getArray(), transform) };
}

/**
 * floe's API gateway (Cube's, unchanged but for `/livez`: routes, JWT auth, query normalisation, SQL generation,
 * orchestration, pre-aggregations, /readyz) with the two pieces that need the native module replaced by floe's own
 * code: the SQL API is not started, and `/load` results are formatted in JavaScript.
 */
export class CompatApiGateway extends FloeApiGateway {
  protected override createSQLServerInstance(): never {
    return {
      async init() {
        throw new Error('the Cube SQL API needs Cube native module (floe runs Cube in compatibility mode)');
      },
      async shutdown() {},
      async sql4sql() {
        throw new Error('the Cube SQL API needs Cube native module (floe runs Cube in compatibility mode)');
      },
    } as never;
  }

  protected override resToResultFn(res: GatewayResponse) {
    return async (message: unknown, { status }: { status?: number } = {}) => {
      if (status) res.status(status);
      if (message && typeof message === 'object' && 'isWrapper' in message) {
        if (isMulti(message)) {
          res.json({ ...message.rootResultObject, results: message.getResults().map(finalResult) });
        } else {
          res.json(finalResult(message as unknown as SingleResult));
        }
        return;
      }
      res.json(message);
    };
  }
}
