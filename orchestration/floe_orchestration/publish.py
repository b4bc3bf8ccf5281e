"""Publish assets: the configured dbt models become Iceberg tables in silver/gold (`floe publish`, atomic overwrite
per run), and a Cube refresh step that warms Cube's pre-aggregations once gold changed."""


import json
import os
import urllib.error
import urllib.parse
import urllib.request

import dagster as dg

from .artifacts import FloeEnvironment
from .commands import floe_args, run_floe_with_pipes


def published_key(entry: dict) -> dg.AssetKey:
    return dg.AssetKey([entry["namespace"], entry["table"]])


def publish_assets(env: FloeEnvironment) -> list[dg.AssetsDefinition]:
    entries = [entry for entry in env.artifacts["publish"] if entry["mode"] == "floe-publish"]
    if not entries:
        return []
    specs = [
        dg.AssetSpec(
            published_key(entry),
            deps=[dg.AssetKey([entry["model"]])],
            description=f"Iceberg table {entry['identifier']} published from dbt model {entry['model']}.",
            group_name=entry["layer"],
            kinds={"iceberg", "floe"},
            metadata={"model": entry["model"], "layer": entry["layer"]},
        )
        for entry in entries
    ]

    @dg.multi_asset(name="publish_tables", specs=specs)
    def _publish(context: dg.AssetExecutionContext, pipes: dg.PipesSubprocessClient):
        return run_floe_with_pipes(context, env, pipes, floe_args(env, "publish")).get_results()

    return [_publish]


def native_table_keys(env: FloeEnvironment) -> list[dg.AssetKey]:
    """With an engine that writes Iceberg itself (publish mode dbt-native), the published tables are the dbt models'
    own assets: their keys are what the Cube refresh waits for."""
    return [dg.AssetKey([entry["model"]]) for entry in env.artifacts["publish"] if entry["mode"] == "dbt-native"]


CUBE_QUERY = {"measures": ["orders.count"]}


def cube_refresh_asset(env: FloeEnvironment, upstream: list[dg.AssetKey]) -> dg.AssetsDefinition | None:
    if env.artifacts["consumption"]["cube"] is None:
        return None

    @dg.asset(
        name="cube_refresh",
        key_prefix=["cube"],
        deps=upstream,
        group_name="consumption",
        kinds={"cube"},
        description="Queries Cube once gold changed, so its refresh keys see the new snapshots and pre-aggregations rebuild.",
    )
    def _cube_refresh(context: dg.AssetExecutionContext) -> dg.MaterializeResult:
        if not env.cube_url:
            context.log.info("no Cube URL configured (FLOE_CUBE_URL); skipping the refresh")
            return dg.MaterializeResult(metadata={"skipped": True})
        url = f"{env.cube_url.rstrip('/')}/cubejs-api/v1/load?query={urllib.parse.quote(json.dumps(CUBE_QUERY))}"
        headers = json.loads(os.environ.get("FLOE_CUBE_HEADERS") or "{}")
        try:
            for _ in range(30):
                request = urllib.request.Request(url, headers=headers)
                with urllib.request.urlopen(request, timeout=30) as response:
                    body = json.loads(response.read().decode("utf-8"))
                if body.get("error") != "Continue wait":
                    break
        except (urllib.error.URLError, TimeoutError) as error:
            context.log.warning(f"Cube at {env.cube_url} did not answer ({error}); its own refresh will catch up")
            return dg.MaterializeResult(metadata={"reachable": False})
        data = body.get("data") or [{}]
        return dg.MaterializeResult(metadata={"reachable": True, "orders": dg.MetadataValue.json(data[0])})

    return _cube_refresh
