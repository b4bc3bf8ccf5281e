"""Generation assets: one multi-asset per synthetic source, writing the bronze Iceberg tables via `floe generate`."""


import dagster as dg

from .artifacts import DATASET_TABLES, FloeEnvironment
from .commands import floe_args, run_floe_with_pipes


def refreshes_bronze_views(env: FloeEnvironment) -> bool:
    """With DuckDB compute, dbt reads bronze through views pinned to Iceberg snapshots, which floe refreshes."""
    return env.artifacts["compute"]["type"] == "duckdb" and env.artifacts["transforms"]["dbt"] is not None


def bronze_key(source: dict, table: str) -> dg.AssetKey:
    return dg.AssetKey([source["namespace"], f"{source['table_prefix']}{table}"])


def generation_assets(env: FloeEnvironment) -> list[dg.AssetsDefinition]:
    assets: list[dg.AssetsDefinition] = []
    for source in env.artifacts["sources"]:
        specs = [
            dg.AssetSpec(
                bronze_key(source, table),
                description=f"Bronze Iceberg table appended by `floe generate {source['dataset']}`.",
                group_name="bronze",
                kinds={"iceberg", "floe"},
                metadata={"dataset": source["dataset"], "rows_per_batch": source["rows"]},
            )
            for table in DATASET_TABLES[source["dataset"]]
        ]

        # `floe generate <source>` takes rows, mode and defects from the compiled source and continues where the
        # bronze tables stopped (ids keep increasing), so every run appends a new batch.
        args = floe_args(env, "generate", source["name"], "--target", "iceberg")
        if refreshes_bronze_views(env):
            # The same floe process then exposes the new snapshots to dbt (see transform.py).
            args.append("--bronze-views")
        assets.append(_generation_asset(env, source["name"], specs, args))
    return assets


def _generation_asset(env: FloeEnvironment, name: str, specs: list[dg.AssetSpec], args: list[str]):
    @dg.multi_asset(name=f"generate_{name}", specs=specs)
    def _generate(context: dg.AssetExecutionContext, pipes: dg.PipesSubprocessClient):
        return run_floe_with_pipes(context, env, pipes, args).get_results()

    return _generate
