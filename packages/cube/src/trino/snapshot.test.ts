import { describe, expect, it } from 'vitest';
import { rewriteFloeSnapshot } from './snapshot.js';

const history = (path: string) =>
  `(SELECT coalesce(CAST(max_by(snapshot_id, made_current_at) AS VARCHAR), 'none') FROM ${path} WHERE is_current_ancestor)`;

describe('floe_snapshot on Trino', () => {
  it("rewrites a refresh key of the demo model to the current snapshot of the table's Iceberg history", () => {
    expect(rewriteFloeSnapshot("SELECT floe_snapshot('gold.fct_orders')", { catalog: 'lake' })).toBe(
      `SELECT ${history('"lake"."gold"."fct_orders$history"')}`,
    );
  });

  it('maps layer names to their namespaces, keeps nested namespaces whole and uses the default schema', () => {
    const options = { catalog: 'lake', defaultSchema: 'analytics_gold', layers: { gold: 'analytics_gold' } };
    expect(rewriteFloeSnapshot("select FLOE_SNAPSHOT( 'gold.dim_products' )", options)).toBe(
      `select ${history('"lake"."analytics_gold"."dim_products$history"')}`,
    );
    expect(rewriteFloeSnapshot("SELECT floe_snapshot('prod.marts.t')", options)).toBe(
      `SELECT ${history('"lake"."prod.marts"."t$history"')}`,
    );
    expect(rewriteFloeSnapshot("SELECT floe_snapshot('t')", options)).toBe(
      `SELECT ${history('"lake"."analytics_gold"."t$history"')}`,
    );
  });

  it('rewrites every call, quotes identifiers, and leaves other SQL alone', () => {
    const sql =
      "SELECT floe_snapshot('gold.a'), floe_snapshot('gold.we\"ird''s') FROM x WHERE my_floe_snapshot('gold.c') = 1";
    expect(rewriteFloeSnapshot(sql, { catalog: 'c"at' })).toBe(
      `SELECT ${history('"c""at"."gold"."a$history"')}, ${history('"c""at"."gold"."we""ird\'s$history"')} ` +
        "FROM x WHERE my_floe_snapshot('gold.c') = 1",
    );
    const plain = 'SELECT count(*) FROM gold.fct_orders WHERE status = ?';
    expect(rewriteFloeSnapshot(plain, { catalog: 'lake' })).toBe(plain);
  });

  it('refuses a name without a table', () => {
    expect(() => rewriteFloeSnapshot("SELECT floe_snapshot('gold.')", { catalog: 'lake' })).toThrow(/namespace/);
    expect(() => rewriteFloeSnapshot("SELECT floe_snapshot('t')", { catalog: 'lake' })).toThrow(/namespace/);
  });
});
