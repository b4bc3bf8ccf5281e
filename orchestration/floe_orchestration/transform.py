"""dbt assets (dagster-dbt): one asset per model, dbt tests as asset checks. Before every dbt build floe exposes the
current bronze Iceberg snapshots as DuckDB views (`floe publish --bronze-views`): dbt never globs data files."""


import importlib.metadata
import json
import os
import subprocess
from functools import cached_property
from pathlib import Path
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DagsterDbtTranslatorSettings, DbtCliResource, DbtProject, dbt_assets
from packaging import version

from .artifacts import FloeEnvironment, venv_tool
from .commands import floe_args, run_floe
from .generate import refreshes_bronze_views


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


def dbt_vars(dbt: dict[str, Any]) -> str | None:
    """The --vars argument of every dbt invocation (parse and build use the same, so partial parsing holds)."""
    return json.dumps(dbt["vars"], sort_keys=True) if dbt["vars"] else None


def dbt_command(project: DbtProject, dbt: dict[str, Any], *args: str) -> list[str]:
    """`dbt <args>` for the project with floe's profile, target and vars (for invocations outside dagster-dbt)."""
    command = [
        venv_tool("dbt"),
        *args,
        "--project-dir",
        str(project.project_dir),
        "--profiles-dir",
        str(project.profiles_dir),
        "--profile",
        dbt["profile_name"],
        "--target",
        dbt["target"],
    ]
    vars_json = dbt_vars(dbt)
    return [*command, "--vars", vars_json] if vars_json else command


def newest_source_mtime(project_dir: Path) -> float:
    """Newest modification time of the dbt project's files (what a parse reads)."""
    newest = 0.0
    for pattern in ("dbt_project.yml", "models/**/*", "macros/**/*", "tests/**/*", "seeds/**/*", "snapshots/**/*"):
        for path in project_dir.glob(pattern):
            if path.is_file():
                newest = max(newest, path.stat().st_mtime)
    return newest


def _parse_stamp(dbt: dict[str, Any]) -> str:
    return json.dumps(
        {"vars": dbt_vars(dbt), "profile": dbt["profile_name"], "target": dbt["target"]}, sort_keys=True
    )


def _ensure_manifest(project: DbtProject, dbt: dict[str, Any]) -> None:
    """Parses the dbt project when its manifest is missing, older than a project file, or parsed with other vars,
    profile or target (cheap; no database). dagster-dbt copies the resulting partial_parse.msgpack into every run's
    target folder: parsed with the build's own vars, dbt build skips re-parsing (about 1.5 s per run)."""
    manifest = project.manifest_path
    stamp_file = manifest.parent / "floe-parse.json"
    stamp = _parse_stamp(dbt)
    if (
        manifest.exists()
        and manifest.stat().st_mtime >= newest_source_mtime(project.project_dir)
        and stamp_file.exists()
        and stamp_file.read_text(encoding="utf-8") == stamp
    ):
        return
    command = dbt_command(project, dbt, "parse", "--quiet")
    env = {**os.environ, "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
    completed = subprocess.run(command, capture_output=True, text=True, check=False, env=env)
    if completed.returncode != 0:
        raise RuntimeError(f"dbt parse failed in {project.project_dir}:\n{completed.stdout}\n{completed.stderr}")
    temporary = stamp_file.with_name(f".{stamp_file.name}.tmp")
    temporary.write_text(stamp, encoding="utf-8")
    temporary.replace(stamp_file)


class FloeDbtCliResource(DbtCliResource):
    """dagster-dbt's resource without two per-invocation costs the demo's freshness target cannot afford:
    - it learns the dbt version from the installed dbt-core package instead of running `dbt --version` (which
      also asks PyPI for the latest release: about 2 s, and a network call, on every dbt step);
    - it does not open a dbt adapter inside Dagster: that handle only serves dagster-dbt's optional row-count and
      column-metadata fetches, which floe does not use (dbt itself still opens its adapter)."""

    @cached_property
    def _cli_version(self) -> version.Version:
        return version.parse(importlib.metadata.version("dbt-core"))

    def _initialize_dbt_core_adapter(self, args):  # noqa: ANN001, ANN202 - dagster-dbt's own signature
        return None


def dbt_resource(env: FloeEnvironment, project: DbtProject) -> DbtCliResource:
    dbt = env.artifacts["transforms"]["dbt"]
    return FloeDbtCliResource(
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
    vars_json = dbt_vars(dbt)
    translator = FloeDbtTranslator(
        settings=DagsterDbtTranslatorSettings(enable_asset_checks=True, enable_source_tests_as_checks=True)
    )

    @dbt_assets(
        manifest=project.manifest_path,
        project=project,
        select=select,
        exclude=exclude,
        name="dbt_models",
        dagster_dbt_translator=translator,
    )
    def _dbt_models(context: dg.AssetExecutionContext, dbt_cli: DbtCliResource):
        if refreshes_bronze_views(env):
            selection = context.run.asset_selection
            generated = set(selection) if selection else set(context.job_def.asset_layer.selected_asset_keys)
            upstream = set(context.assets_def.dependency_keys) - set(context.assets_def.keys)
            if upstream and upstream <= generated:
                # Every bronze table dbt reads was appended earlier in this run, and that same `floe generate`
                # already pointed the views at the new snapshots (a failed generation would have stopped the run).
                context.log.info("bronze views refreshed by this run's generation step")
            else:
                run_floe(context, env, floe_args(env, "publish", "--bronze-views"))
        args = ["build"]
        if vars_json:
            args += ["--vars", vars_json]
        yield from dbt_cli.cli(args, context=context).stream()

    return _dbt_models
