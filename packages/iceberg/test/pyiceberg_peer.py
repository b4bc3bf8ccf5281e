"""PyIceberg as an independent test peer for @floe/iceberg (reads and writes through a shared SqlCatalog, or a
REST catalog when the args carry `rest`: the RestCatalog properties, e.g. uri, s3.endpoint, s3.access-key-id).

Usage: python pyiceberg_peer.py <command> '<json args>'  -> prints one JSON object on stdout.
Test-only: no product logic lives here.
"""
import datetime
import decimal
import json
import sys

import pyarrow as pa
from pyiceberg.catalog.sql import SqlCatalog


def catalog(args):
    if args.get("rest"):
        from pyiceberg.catalog.rest import RestCatalog

        return RestCatalog(args["catalog"], **args["rest"])
    return SqlCatalog(args["catalog"], uri=args["uri"], warehouse=args["warehouse"])


def plain(v):
    if isinstance(v, (datetime.datetime,)):
        if v.tzinfo is not None:
            v = v.astimezone(datetime.timezone.utc).replace(tzinfo=None)
        return v.isoformat()
    if isinstance(v, datetime.date):
        return v.isoformat()
    if isinstance(v, decimal.Decimal):
        return str(v)
    if isinstance(v, bytes):
        return v.hex()
    if isinstance(v, dict):
        return {k: plain(x) for k, x in v.items()}
    if isinstance(v, list):
        return [plain(x) for x in v]
    return v


def read(args):
    tbl = catalog(args).load_table(args["table"])
    scan = tbl.scan(snapshot_id=args.get("snapshot_id")) if args.get("snapshot_id") else tbl.scan()
    rows = scan.to_arrow().to_pylist()
    files = tbl.inspect.files().to_pylist()
    return {
        "rows": plain(rows),
        "schema": [{"id": f.field_id, "name": f.name, "type": str(f.field_type), "required": f.required} for f in tbl.schema().fields],
        "spec": [{"name": f.name, "transform": str(f.transform), "source_id": f.source_id, "field_id": f.field_id} for f in tbl.spec().fields],
        "files": plain([
            {
                "path": f["file_path"],
                "record_count": f["record_count"],
                "partition": f["partition"],
                "metrics": {k: {"lower": m["lower_bound"], "upper": m["upper_bound"], "nulls": m["null_value_count"], "values": m["value_count"]}
                            for k, m in (f.get("readable_metrics") or {}).items() if m is not None},
                "lower_bounds": {str(k): v.hex() for k, v in (f.get("lower_bounds") or [])},
                "upper_bounds": {str(k): v.hex() for k, v in (f.get("upper_bounds") or [])},
                "value_counts": {str(k): v for k, v in (f.get("value_counts") or [])},
                "null_value_counts": {str(k): v for k, v in (f.get("null_value_counts") or [])},
            }
            for f in files
        ]),
        "snapshots": [str(s.snapshot_id) for s in tbl.snapshots()],
        "current_snapshot": str(tbl.current_snapshot().snapshot_id) if tbl.current_snapshot() else None,
        "schema_id": tbl.schema().schema_id,
        "schema_ids": [s.schema_id for s in tbl.schemas().values()],
        "snapshot_schema_ids": [s.schema_id for s in tbl.snapshots()],
        "spec_id": tbl.spec().spec_id,
    }


def arrow_rows(rows, schema):
    fields = []
    for f in schema:
        t = {"long": pa.int64(), "int": pa.int32(), "string": pa.string(), "double": pa.float64(), "date": pa.date32(),
             "timestamp": pa.timestamp("us"), "boolean": pa.bool_()}[f["type"]]
        fields.append(pa.field(f["name"], t, nullable=not f.get("required", False)))
    cols = {}
    for f in schema:
        vals = [r.get(f["name"]) for r in rows]
        if f["type"] == "date":
            vals = [datetime.date.fromisoformat(v) if v else None for v in vals]
        if f["type"] == "timestamp":
            vals = [datetime.datetime.fromisoformat(v) if v else None for v in vals]
        cols[f["name"]] = vals
    return pa.table(cols, schema=pa.schema(fields))


def create_and_append(args):
    from pyiceberg.partitioning import PartitionField, PartitionSpec
    from pyiceberg.transforms import IdentityTransform, DayTransform

    cat = catalog(args)
    ns = args["table"].rsplit(".", 1)[0]
    if not cat.namespace_exists(ns):
        cat.create_namespace(ns)
    data = arrow_rows(args["rows"], args["schema"])
    tbl = cat.create_table(args["table"], schema=data.schema)
    if args.get("partition"):
        p = args["partition"]
        src = tbl.schema().find_field(p["column"])
        transform = {"identity": IdentityTransform(), "day": DayTransform()}[p["transform"]]
        with tbl.update_spec() as u:
            u.add_field(p["column"], transform, p.get("name", f"{p['column']}_{p['transform']}"))
        del src
    tbl.append(data)
    return {"snapshot": str(tbl.current_snapshot().snapshot_id)}


def append(args):
    tbl = catalog(args).load_table(args["table"])
    data = arrow_rows(args["rows"], args["schema"])
    tbl.append(data)
    return {"snapshot": str(tbl.current_snapshot().snapshot_id)}


def evolve(args):
    from pyiceberg.types import DoubleType

    tbl = catalog(args).load_table(args["table"])
    with tbl.update_schema() as u:
        for old, new in args.get("rename", {}).items():
            u.rename_column(old, new)
        for name in args.get("add_double", []):
            u.add_column(name, DoubleType())
    return {"schema_id": tbl.schema().schema_id}


def delete(args):
    tbl = catalog(args).load_table(args["table"])
    tbl.delete(delete_filter=args["filter"])
    return {"snapshot": str(tbl.current_snapshot().snapshot_id)}


def overwrite(args):
    tbl = catalog(args).load_table(args["table"])
    data = arrow_rows(args["rows"], args["schema"])
    tbl.overwrite(data, overwrite_filter=args["filter"])
    return {"snapshot": str(tbl.current_snapshot().snapshot_id)}


COMMANDS = {"read": read, "create_and_append": create_and_append, "append": append, "evolve": evolve, "delete": delete,
            "overwrite": overwrite}

if __name__ == "__main__":
    result = COMMANDS[sys.argv[1]](json.loads(sys.argv[2]))
    print(json.dumps(result))
