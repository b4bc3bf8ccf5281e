"""dbt assets (dagster-dbt): one asset per model, dbt tests as asset checks. Before every dbt build floe exposes the
current bronze Iceberg snapshots as DuckDB views (`floe publish --bronze-views`): dbt never globs data files."""


import os
import subprocess
from pathlib import Path
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DagsterDbtTranslatorSettings, DbtCliResource, DbtProject, dbt_assets

from .artifacts import FloeEnvironment, venv_tool
from .commands import floe_args, run_floe


class FloeDbtTranslator(DagsterDbtTranslator):
    """Models keep their name as key and are grouped by layer (their dbt schema); sources map to bronze tables."""

    def get_asset_key(self, dbt_resource_props: dict[str, Any]) -> dg.AssetKey:
        if dbt_resource_props["resource_type"] == "source":
            return dg.AssetKey([dbt_resource_props["source_name"], dbt_resource_props["name"]])
        return dg.AssetKey([dbt_resource_props["name"]])

    def get_group_name(self, dbt_resource_props: dict[str, Any]) -> str | None:
        if dbt_resource_props["resource_type"] == "source":
            return "bronze"
        return f"dbt_{dbt_resource_props.get('schema') or 'models'}"


def dbt_project(env: FloeEnvironment) -> DbtProject | None:
    dbt = env.artifacts["transforms"]["dbt"]
    if dbt is None:
        return None
    project = DbtProject(
        project_dir=env.path(dbt["project"]),
        profiles_dir=env.path(dbt["profiles_dir"]),
        profile=dbt["profile_name"],
        target=dbt["target"],
    )
    _ensure_manifest(project, dbt)
    return project


def _newest_source_mtime(project_dir: Path) -> float:
    newest = 0.0
    for pattern in ("dbt_project.yml", "models/**/*", "macros/**/*", "tests/**/*"):
        for path in project_dir.glob(pattern):
            if path.is_file():
                newest = max(newest, path.stat().st_mtime)
    return newest


def _ensure_manifest(project: DbtProject, dbt: dict[str, Any]) -> None:
    """Parses the dbt project when its manifest is missing or older than a model file (cheap; no database)."""
    manifest = project.manifest_path
    if manifest.exists() and manifest.stat().st_mtime >= _newest_source_mtime(project.project_dir):
        return
    command = [
        venv_tool("dbt"),
        "parse",
        "--quiet",
        "--project-dir",
        str(project.project_dir),
        "--profiles-dir",
        str(project.profiles_dir),
        "--profile",
        dbt["profile_name"],
        "--target",
        dbt["target"],
    ]
    completed = subprocess.run(command, capture_output=True, text=True, check=False, env=os.environ.copy())
    if completed.returncode != 0:
        raise RuntimeError(f"dbt parse failed in {project.project_dir}:\n{completed.stdout}\n{completed.stderr}")


def dbt_resource(env: FloeEnvironment, project: DbtProject) -> DbtCliResource:
    dbt = env.artifacts["transforms"]["dbt"]
    return DbtCliResource(
        project_dir=project,
        profiles_dir=str(project.profiles_dir),
        profile=dbt["profile_name"],
        target=dbt["target"],
        dbt_executable=venv_tool("dbt"),
    )


def transform_assets(env: FloeEnvironment, project: DbtProject) -> dg.AssetsDefinition:
    dbt = env.artifacts["transforms"]["dbt"]
    select = " ".join(dbt["select"]) or "fqn:*"
    exclude = " ".join(dbt["exclude"]) or None
    vars_json = None
    if dbt["vars"]:
        import json

        vars_json = json.dumps(dbt["vars"], sort_keys=True)
    translator = FloeDbtTranslator(settings=DagsterDbtTranslatorSettings(enable_asset_checks=True))

    @dbt_assets(
        manifest=project.manifest_path,
        project=project,
        select=select,
        exclude=exclude,
        name="dbt_models",
        dagster_dbt_translator=translator,
    )
    def _dbt_models(context: dg.AssetExecutionContext, dbt_cli: DbtCliResource):
        if env.artifacts["compute"]["type"] == "duckdb":
            run_floe(context, env, floe_args(env, "publish", "--bronze-views"))
        args = ["build"]
        if vars_json:
            args += ["--vars", vars_json]
        yield from dbt_cli.cli(args, context=context).stream()

    return _dbt_models
