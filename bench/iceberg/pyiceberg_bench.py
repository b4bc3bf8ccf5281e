"""PyIceberg side of `make bench NAME=iceberg`: the same Parquet data, the same SQLite SQL catalog.

Usage: python pyiceberg_bench.py '<json {catalog, uri, warehouse, parquet, reps, small_appends, small_rows}>'
Prints one JSON object: append seconds per rep and small-append latencies (ms).
"""
import json
import sys
import time

import pyarrow as pa
import pyarrow.parquet as pq
from pyiceberg.catalog.sql import SqlCatalog

args = json.loads(sys.argv[1])
cat = SqlCatalog(args["catalog"], uri=args["uri"], warehouse=args["warehouse"])
if not cat.namespace_exists("py"):
    cat.create_namespace("py")
data = pq.read_table(args["parquet"])

append_s = []
for rep in range(args["reps"]):
    tbl = cat.create_table(f"py.bulk_{rep}", schema=data.schema)
    start = time.perf_counter()
    tbl.append(data)
    append_s.append(time.perf_counter() - start)

small = data.slice(0, args["small_rows"])
tbl = cat.create_table("py.small", schema=data.schema)
latencies = []
for i in range(args["small_appends"]):
    start = time.perf_counter()
    tbl.append(small)
    latencies.append((time.perf_counter() - start) * 1000)

print(json.dumps({"append_s": append_s, "small_ms": latencies, "rows": data.num_rows}))
