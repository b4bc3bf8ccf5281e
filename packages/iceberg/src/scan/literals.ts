import { dataInvalid } from '../errors.js';
import { parseDecimal } from '../spec/datatypes.js';
import type { IcebergValue } from '../spec/values.js';
import type { Literal } from './expression.js';

/** Converts a user literal to the Iceberg value of a column type (undefined: cannot be used for pruning). */
export function toIcebergValue(type: string, v: Literal): IcebergValue | undefined {
  switch (type) {
    case 'boolean':
      return typeof v === 'boolean' ? v : v === 'true';
    case 'int':
      return Number(v);
    case 'long':
      return typeof v === 'bigint' ? v : BigInt(Math.trunc(Number(v)));
    case 'float':
    case 'double':
      return Number(v);
    case 'string':
      return String(v);
    case 'date': {
      const ms = v instanceof Date ? v.getTime() : Date.parse(`${String(v).slice(0, 10)}T00:00:00Z`);
      if (Number.isNaN(ms)) throw dataInvalid(`${String(v)} is not a date`);
      return Math.floor(ms / 86_400_000);
    }
    case 'timestamp':
    case 'timestamptz': {
      if (typeof v === 'bigint') return v;
      const ms =
        v instanceof Date
          ? v.getTime()
          : Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(String(v)) ? String(v) : `${String(v).replace(' ', 'T')}Z`);
      if (Number.isNaN(ms)) throw dataInvalid(`${String(v)} is not a timestamp`);
      return BigInt(ms) * 1000n;
    }
  }
  const d = parseDecimal(type);
  if (d && (typeof v === 'number' || typeof v === 'string')) {
    const [i, f = ''] = String(v).split('.');
    return BigInt(`${i}${f.padEnd(d.scale, '0').slice(0, d.scale)}`);
  }
  return undefined;
}
