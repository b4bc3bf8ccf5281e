"""Test peer: PyIceberg's RestCatalog reads every table of the given namespaces from the bucket.

The catalog properties come as JSON in FLOE_PEER_CATALOG (they hold credentials: never on the command line).
Prints one JSON object: per table its row count, current snapshot id, schema id and data files with record counts.
"""

import json
import os
import sys

from pyiceberg.catalog.rest import RestCatalog


def main() -> None:
    properties = json.loads(os.environ["FLOE_PEER_CATALOG"])
    catalog = RestCatalog("floe", **properties)
    out = {}
    for namespace in sys.argv[1:]:
        for identifier in catalog.list_tables(namespace):
            table = catalog.load_table(identifier)
            arrow = table.scan().to_arrow()
            files = table.inspect.files().to_pylist()
            snapshot = table.current_snapshot()
            out[".".join(identifier)] = {
                "rows": arrow.num_rows,
                "snapshot_id": str(snapshot.snapshot_id) if snapshot else None,
                "schema_id": table.schema().schema_id,
                "files": sorted([f["file_path"], f["record_count"]] for f in files if f["content"] == 0),
            }
    print(json.dumps(out))


if __name__ == "__main__":
    main()
