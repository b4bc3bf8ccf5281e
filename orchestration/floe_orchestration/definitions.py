"""The code location's entry point: `dagster dev -m floe_orchestration.definitions` (working directory orchestration/)."""

from __future__ import annotations

import dagster as dg

from .artifacts import load_environment
from .automation import build_jobs, build_schedules, build_sensors
from .freshness import source_freshness_checks
from .generate import generation_assets
from .publish import cube_refresh_asset, native_table_keys, publish_assets
from .transform import dbt_project, dbt_resource, transform_assets


def build_definitions() -> dg.Definitions:
    env = load_environment()
    generate = generation_assets(env)
    project = dbt_project(env)
    transform = [transform_assets(env, project)] if project else []
    publish = publish_assets(env)
    published_keys = [key for asset in publish for key in asset.keys]
    # dbt-native (Trino, Snowflake, BigQuery): dbt's own model assets are the published tables.
    cube_upstream = published_keys or (native_table_keys(env) if transform else [])
    cube = cube_refresh_asset(env, cube_upstream) if cube_upstream else None

    groups = {
        "generate": [key for asset in generate for key in asset.keys],
        "transform": [key for asset in transform for key in asset.keys],
        "publish": published_keys,
        "cube": list(cube.keys) if cube else [],
    }
    freshness = source_freshness_checks(env, project) if project else None
    jobs = build_jobs(env, groups, freshness)
    resources: dict = {"pipes": dg.PipesSubprocessClient()}
    if project:
        resources["dbt_cli"] = dbt_resource(env, project)
    return dg.Definitions(
        assets=[*generate, *transform, *publish, *([cube] if cube else [])],
        asset_checks=[freshness] if freshness else [],
        jobs=list(jobs.values()),
        schedules=build_schedules(env, jobs),
        sensors=build_sensors(env, jobs),
        resources=resources,
    )


defs = build_definitions()
