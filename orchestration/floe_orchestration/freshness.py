"""dbt source freshness as Dagster asset checks: one check per bronze source table whose dbt source sets `freshness`
(warn_after/error_after on loaded_at_field). One `dbt source freshness` run answers them all; the `freshness` job runs
it, on demand (`floe trigger --job freshness`), on a schedule, or from a sensor of type `freshness`.

A check passes when dbt says pass or warn (warn is reported with WARN severity); it fails on error, or, when the run
carries `floe/max_lag_minutes` (set by a freshness sensor with max_lag_minutes), when the newest row is older."""


import json
import os
import subprocess
from pathlib import Path
from typing import Any

import dagster as dg
from dagster_dbt import DbtProject

from .artifacts import FloeEnvironment
from .commands import floe_args, run_floe
from .generate import refreshes_bronze_views
from .transform import dbt_command

CHECK_NAME = "source_freshness"
MAX_LAG_TAG = "floe/max_lag_minutes"


def _sources_with_freshness(manifest: dict[str, Any]) -> dict[str, dg.AssetKey]:
    """unique_id → asset key of every dbt source that has a freshness rule and a loaded_at_field."""
    found: dict[str, dg.AssetKey] = {}
    for unique_id, source in manifest.get("sources", {}).items():
        rule = source.get("freshness") or {}
        has_rule = any((rule.get(k) or {}).get("count") for k in ("warn_after", "error_after"))
        if has_rule and source.get("loaded_at_field"):
            # The same key FloeDbtTranslator gives the source (and the generation step materializes).
            found[unique_id] = dg.AssetKey([source["source_name"], source["name"]])
    return found


def source_freshness_checks(env: FloeEnvironment, project: DbtProject) -> dg.AssetChecksDefinition | None:
    manifest = json.loads(Path(project.manifest_path).read_text(encoding="utf-8"))
    sources = _sources_with_freshness(manifest)
    if not sources:
        return None
    dbt = env.artifacts["transforms"]["dbt"]
    specs = [
        dg.AssetCheckSpec(
            CHECK_NAME,
            asset=key,
            description="dbt source freshness: the newest loaded_at_field against the source's warn_after/error_after.",
        )
        for key in sources.values()
    ]

    @dg.multi_asset_check(specs=specs, name="dbt_source_freshness", can_subset=False)
    def _freshness(context: dg.AssetCheckExecutionContext):
        if refreshes_bronze_views(env):
            # dbt reads bronze through views pinned to snapshots: point them at the newest ones first.
            run_floe(context, env, floe_args(env, "publish", "--bronze-views"))
        target = Path(project.project_dir) / "target" / f"freshness-{context.run.run_id[:8]}"
        selection = " ".join(f"source:{uid.split('.', 2)[2]}" for uid in sources)
        command = dbt_command(project, dbt, "source", "freshness", "--target-path", str(target), "--select", selection)
        context.log.info(f"running {' '.join(command)}")
        env_vars = {**os.environ, "DBT_SEND_ANONYMOUS_USAGE_STATS": "false", "DBT_LOG_PATH": str(target)}
        completed = subprocess.run(command, capture_output=True, text=True, check=False, env=env_vars)
        results_file = target / "sources.json"
        if not results_file.exists():
            raise dg.Failure(
                description=f"dbt source freshness failed (exit {completed.returncode}): "
                + (completed.stdout + completed.stderr).strip()[-2000:]
            )
        results = {r["unique_id"]: r for r in json.loads(results_file.read_text(encoding="utf-8"))["results"]}
        max_lag = context.run.tags.get(MAX_LAG_TAG)
        for unique_id, key in sources.items():
            result = results.get(unique_id)
            if result is None:
                yield dg.AssetCheckResult(
                    asset_key=key, check_name=CHECK_NAME, passed=False, metadata={"status": "not run"}
                )
                continue
            status = result.get("status", "runtime error")
            age = result.get("max_loaded_at_time_ago_in_s")
            passed = status in ("pass", "warn")
            if passed and max_lag and age is not None and float(age) > int(max_lag) * 60:
                passed, status = False, f"older than max_lag_minutes={max_lag}"
            yield dg.AssetCheckResult(
                asset_key=key,
                check_name=CHECK_NAME,
                passed=passed,
                severity=dg.AssetCheckSeverity.WARN if status == "warn" else dg.AssetCheckSeverity.ERROR,
                metadata={
                    "status": status,
                    "max_loaded_at": str(result.get("max_loaded_at")),
                    "age_seconds": float(age) if age is not None else -1.0,
                    "criteria": dg.MetadataValue.json(result.get("criteria") or {}),
                },
            )

    return _freshness
