"""PyIceberg side of `make bench NAME=objectstore`: the same REST catalog, the same S3 server, the same Parquet input.

Usage: python pyiceberg_objectstore.py '<json>' with
  common: {"uri": <REST base>, "s3": {"endpoint", "access_key_id", "secret_access_key", "region"}, "namespace"}
  {"mode": "bulk", parquet, table}                     -> {"append_s": s, "rows": n}
  {"mode": "small", parquet, table, appends, rows}     -> {"small_ms": [...]}
  {"mode": "scan", table}                              -> {"scan_s": s, "rows": n}
Only the calls are timed (interpreter start-up, imports and catalog creation are not):
bulk: reading the Parquet file into Arrow + table.append (floe's append reads the same file);
small: each table.append of an in-memory Arrow table of `rows` rows (the first rows of the same file);
scan: load_table + scan().to_arrow() of the whole table.
"""
import json
import sys
import time

import pyarrow.parquet as pq
from pyiceberg.catalog.rest import RestCatalog

args = json.loads(sys.argv[1])
s3 = args["s3"]
cat = RestCatalog(
    "bench",
    uri=args["uri"],
    **{
        "s3.endpoint": s3["endpoint"],
        "s3.path-style-access": "true",
        "s3.access-key-id": s3["access_key_id"],
        "s3.secret-access-key": s3["secret_access_key"],
        "s3.region": s3["region"],
    },
)
ns = args["namespace"]
name = f"{ns}.{args['table']}"

if args["mode"] == "scan":
    start = time.perf_counter()
    tbl = cat.load_table(name)
    data = tbl.scan().to_arrow()
    print(json.dumps({"scan_s": time.perf_counter() - start, "rows": data.num_rows}))
    sys.exit(0)

schema = pq.read_schema(args["parquet"])
if not cat.namespace_exists(ns):
    cat.create_namespace(ns)
tbl = cat.load_table(name) if cat.table_exists(name) else cat.create_table(name, schema=schema)

if args["mode"] == "bulk":
    start = time.perf_counter()
    data = pq.read_table(args["parquet"])
    tbl.append(data)
    print(json.dumps({"append_s": time.perf_counter() - start, "rows": data.num_rows}))
else:
    small = pq.read_table(args["parquet"]).slice(0, args["rows"])
    latencies = []
    for _ in range(args["appends"]):
        start = time.perf_counter()
        tbl.append(small)
        latencies.append((time.perf_counter() - start) * 1000)
    print(json.dumps({"small_ms": latencies}))
