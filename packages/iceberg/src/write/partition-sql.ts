import { quoteIdent } from '../duckdb/types.js';
import { featureUnsupported } from '../errors.js';
import type { Transform } from '../spec/transform.js';

/** DuckDB SQL computing an Iceberg partition transform of a column (bucket is not expressible in SQL). */
export function transformSql(transform: Transform, column: string, sourceType: string): string {
  const c = quoteIdent(column);
  const epochUs = sourceType === 'date' ? `(epoch_us(CAST(${c} AS TIMESTAMP)))` : `epoch_us(${c})`;
  switch (transform.kind) {
    case 'identity':
      return c;
    case 'void':
      return 'NULL';
    case 'year':
      return `CAST(date_diff('year', DATE '1970-01-01', CAST(${sourceType === 'date' ? c : `CAST(${c} AS TIMESTAMP)`} AS DATE)) AS INTEGER)`;
    case 'month':
      return `CAST(date_diff('month', DATE '1970-01-01', CAST(${sourceType === 'date' ? c : `CAST(${c} AS TIMESTAMP)`} AS DATE)) AS INTEGER)`;
    case 'day':
      return sourceType === 'date'
        ? c
        : `CAST(to_days(CAST(floor(${epochUs} / 86400000000) AS INTEGER)) + DATE '1970-01-01' AS DATE)`;
    case 'hour':
      return `CAST(floor(${epochUs} / 3600000000) AS INTEGER)`;
    case 'truncate': {
      const w = transform.width;
      if (sourceType === 'int' || sourceType === 'long' || sourceType.startsWith('decimal')) {
        return `(${c} - (((${c} % ${w}) + ${w}) % ${w}))`;
      }
      if (sourceType === 'string') return `substring(${c}, 1, ${w})`;
      throw featureUnsupported(`truncate on ${sourceType} is not supported for writes`);
    }
    case 'bucket': {
      // floe_bucket_* are registered on the connection by registerBucketFunctions
      const n = transform.n;
      if (sourceType === 'int' || sourceType === 'long') return `floe_bucket_long(CAST(${c} AS BIGINT), ${n})`;
      if (sourceType === 'date') return `floe_bucket_long(CAST(${c} - DATE '1970-01-01' AS BIGINT), ${n})`;
      if (sourceType === 'time') return `floe_bucket_long(epoch_us(TIMESTAMP '1970-01-01' + ${c}), ${n})`;
      if (sourceType.startsWith('timestamp') && !sourceType.endsWith('_ns'))
        return `floe_bucket_long(${epochUs}, ${n})`;
      if (sourceType === 'string') return `floe_bucket_string(${c}, ${n})`;
      if (sourceType === 'uuid') return `floe_bucket_uuid(CAST(${c} AS VARCHAR), ${n})`;
      if (sourceType === 'binary' || sourceType.startsWith('fixed')) return `floe_bucket_blob(${c}, ${n})`;
      // DuckDB prints a DECIMAL with exactly `scale` fraction digits: dropping the point gives the unscaled value
      if (sourceType.startsWith('decimal')) return `floe_bucket_decimal(replace(CAST(${c} AS VARCHAR), '.', ''), ${n})`;
      throw featureUnsupported(`bucket on ${sourceType} is not supported for writes`);
    }
  }
}
