"""PyIceberg side of `make bench NAME=iceberg`: the same Parquet data, the same SQLite SQL catalog.

Usage: python pyiceberg_bench.py '<json>' with
  {"mode": "bulk", catalog, uri, warehouse, parquet, table}            -> {"append_s": s, "rows": n}
  {"mode": "small", catalog, uri, warehouse, parquet, table, appends, small_rows} -> {"small_ms": [...]}
bulk: reading the Parquet file into Arrow and the append are timed (floe's append reads the same file);
small: only the append calls are timed (the 10-row Arrow table is in memory).
"""
import json
import sys
import time

import pyarrow.parquet as pq
from pyiceberg.catalog.sql import SqlCatalog

args = json.loads(sys.argv[1])
cat = SqlCatalog(args["catalog"], uri=args["uri"], warehouse=args["warehouse"])
if not cat.namespace_exists("py"):
    cat.create_namespace("py")
data = pq.read_table(args["parquet"])
name = f"py.{args['table']}"
tbl = cat.load_table(name) if cat.table_exists(name) else cat.create_table(name, schema=data.schema)

if args["mode"] == "bulk":
    start = time.perf_counter()
    tbl.append(pq.read_table(args["parquet"]))
    print(json.dumps({"append_s": time.perf_counter() - start, "rows": data.num_rows}))
else:
    small = data.slice(0, args["small_rows"])
    latencies = []
    for _ in range(args["appends"]):
        start = time.perf_counter()
        tbl.append(small)
        latencies.append((time.perf_counter() - start) * 1000)
    print(json.dumps({"small_ms": latencies}))
