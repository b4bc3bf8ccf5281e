"""DuckDB 1.4.4 with its own iceberg extension (from PyPI duckdb-ext-iceberg), reading a table by metadata file.

Usage: PYTHONPATH=.tools/duckdb-iceberg python duckdb_iceberg_peer.py <metadata.json> <sql with {t}>  -> JSON rows
"""
import json
import os
import sys

import duckdb

ext = os.path.join(os.path.dirname(duckdb.__file__), "..", "duckdb_ext", "extensions", "v" + duckdb.__version__, "linux_amd64")
con = duckdb.connect()
con.execute(f"LOAD '{os.path.join(ext, 'avro.duckdb_extension')}'")
con.execute(f"LOAD '{os.path.join(ext, 'iceberg.duckdb_extension')}'")
sql = sys.argv[2].replace("{t}", f"iceberg_scan('{sys.argv[1]}')")
cur = con.execute(sql)
cols = [d[0] for d in cur.description]
print(json.dumps([dict(zip(cols, [v if isinstance(v, (int, float, str, type(None))) else str(v) for v in row])) for row in cur.fetchall()]))
