"""Independent check of generated Iceberg tables with PyIceberg (test peer only, no product logic).

Usage: python pyiceberg_check.py '<json: catalog, uri, warehouse, namespace, prefix>' -> one JSON line.
"""
import json
import sys

import pyarrow.compute as pc
from pyiceberg.catalog.sql import SqlCatalog


def main():
    args = json.loads(sys.argv[1])
    catalog = SqlCatalog(args["catalog"], uri=args["uri"], warehouse=args["warehouse"])
    ns, prefix = args["namespace"], args["prefix"]
    tables = {}
    out = {"tables": {}}
    for name in ["customers", "products", "orders", "order_items"]:
        tbl = catalog.load_table(f"{ns}.{prefix}{name}")
        data = tbl.scan().to_arrow()
        tables[name] = data
        out["tables"][name] = {
            "rows": data.num_rows,
            "snapshots": len(tbl.snapshots()),
            "schema": {f.name: str(f.field_type) for f in tbl.schema().fields},
            "summary": {k: v for k, v in tbl.current_snapshot().summary.additional_properties.items() if k.startswith("floe.")},
        }
    orders, items = tables["orders"], tables["order_items"]
    order_ids = set(orders["order_id"].to_pylist())
    product_ids = set(tables["products"]["product_id"].to_pylist())
    customer_ids = set(tables["customers"]["customer_id"].to_pylist())
    out["items_without_order"] = sum(1 for o in items["order_id"].to_pylist() if o not in order_ids)
    out["items_without_product"] = sum(1 for p in items["product_id"].to_pylist() if p not in product_ids)
    out["orders_without_customer"] = sum(1 for c in orders["customer_id"].to_pylist() if c is not None and c not in customer_ids)
    sums, seen = {}, set()
    for i, o, q, p, d in zip(items["order_item_id"].to_pylist(), items["order_id"].to_pylist(), items["quantity"].to_pylist(), items["unit_price"].to_pylist(), items["discount"].to_pylist()):
        if i in seen:  # planted duplicate rows count once
            continue
        seen.add(i)
        sums[o] = sums.get(o, 0) + q * p - d
    out["total_mismatches"] = sum(1 for o, t in zip(orders["order_id"].to_pylist(), orders["order_total"].to_pylist()) if sums.get(o) != t)
    out["distinct_orders"] = len(order_ids)
    out["max_order_id"] = pc.max(orders["order_id"]).as_py()
    out["statuses"] = sorted(set(s for s in orders["status"].to_pylist() if s is not None))
    print(json.dumps(out))


if __name__ == "__main__":
    main()
