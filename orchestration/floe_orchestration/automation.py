"""Jobs, schedules, the seed sensor and retry policies, all from CompiledArtifacts.orchestration."""


import json
import os
import subprocess

import dagster as dg

from .artifacts import FloeEnvironment

BACKOFF = {"linear": dg.Backoff.LINEAR, "exponential": dg.Backoff.EXPONENTIAL, "none": None}


def retry_policy(env: FloeEnvironment) -> dg.RetryPolicy | None:
    retries = env.artifacts["orchestration"]["retries"]
    if retries["max"] == 0:
        return None
    return dg.RetryPolicy(
        max_retries=retries["max"], delay=retries["delay_seconds"], backoff=BACKOFF[retries["backoff"]]
    )


def build_jobs(
    env: FloeEnvironment,
    groups: dict[str, list[dg.AssetKey]],
    freshness_checks: dg.AssetChecksDefinition | None = None,
) -> dict:
    policy = retry_policy(env)
    everything = [key for keys in groups.values() for key in keys]
    selections = {
        "pipeline": everything,
        "generate": groups["generate"],
        "transform": groups["transform"],
        "publish": groups["publish"] + groups["cube"],
    }
    descriptions = {
        "pipeline": "One full batch: generate → dbt build (with tests) → publish → Cube refresh.",
        "generate": "Append one synthetic batch to the bronze Iceberg tables.",
        "transform": "dbt build over the current bronze snapshots.",
        "publish": "Publish the configured marts as Iceberg tables and refresh Cube.",
    }
    jobs = {}
    for name, keys in selections.items():
        if not keys:
            continue
        selection = dg.AssetSelection.assets(*keys)
        if freshness_checks is not None:
            # Selecting an asset selects the checks on it; source freshness belongs to its own job only.
            selection = selection - dg.AssetSelection.checks(freshness_checks)
        jobs[name] = dg.define_asset_job(
            name=name,
            selection=selection,
            description=descriptions[name],
            op_retry_policy=policy,
            # Steps of a batch run one after the other; in one process they skip re-loading the code location.
            executor_def=dg.in_process_executor,
            tags={"floe/job": name},
        )
    if freshness_checks is not None:
        jobs["freshness"] = dg.define_asset_job(
            name="freshness",
            selection=dg.AssetSelection.checks(freshness_checks),
            description="dbt source freshness of the bronze tables, as asset checks (a failed check: stale data).",
            executor_def=dg.in_process_executor,
            tags={"floe/job": "freshness"},
        )
    return jobs


def build_schedules(env: FloeEnvironment, jobs: dict) -> list[dg.ScheduleDefinition]:
    schedules = []
    for schedule in env.artifacts["orchestration"]["schedules"]:
        job = jobs.get(schedule["job"])
        if job is None:
            continue
        schedules.append(
            dg.ScheduleDefinition(
                name=schedule["name"],
                cron_schedule=schedule["cron"],
                job=job,
                execution_timezone=schedule["timezone"],
                default_status=dg.DefaultScheduleStatus.RUNNING
                if schedule["enabled"]
                else dg.DefaultScheduleStatus.STOPPED,
            )
        )
    return schedules


def layer_status(env: FloeEnvironment) -> dict:
    """Row counts per layer and table, asked of floe (the code location never reads Iceberg itself)."""
    command = [*env.floe_command, "demo", "--status", "--json", "--project", str(env.project_dir)]
    completed = subprocess.run(command, capture_output=True, text=True, check=False, cwd=env.project_dir)
    if completed.returncode != 0:
        raise RuntimeError(completed.stderr.strip() or f"floe demo --status exited {completed.returncode}")
    return json.loads(completed.stdout)


def job_in_flight(context: dg.SensorEvaluationContext, job_name: str) -> bool:
    """True when a run of the job is queued, starting or running."""
    statuses = [dg.DagsterRunStatus.QUEUED, dg.DagsterRunStatus.STARTING, dg.DagsterRunStatus.STARTED]
    return bool(context.instance.get_runs(filters=dg.RunsFilter(job_name=job_name, statuses=statuses), limit=1))


def build_sensors(env: FloeEnvironment, jobs: dict) -> list[dg.SensorDefinition]:
    sensors: list[dg.SensorDefinition] = []
    seed_job = jobs.get("pipeline") or jobs.get("generate")
    if seed_job is not None and env.artifacts["sources"]:

        @dg.sensor(
            name="seed_when_bronze_empty",
            job=seed_job,
            minimum_interval_seconds=30,
            default_status=dg.DefaultSensorStatus.RUNNING,
            description="Starts one batch when every bronze table is missing or empty (first start of the demo).",
        )
        def _seed(context: dg.SensorEvaluationContext):
            if os.environ.get("FLOE_DEMO_SEEDS") == "1":
                return dg.SkipReason("floe demo seeds an empty warehouse itself when it starts")
            try:
                bronze = layer_status(env)["layers"]["bronze"]
            except (RuntimeError, ValueError, KeyError) as error:
                return dg.SkipReason(f"could not read the bronze layer: {error}")
            if any(rows > 0 for rows in bronze.values()):
                return dg.SkipReason(f"bronze holds data: {bronze}")
            if job_in_flight(context, seed_job.name):
                return dg.SkipReason("a batch is already running")
            return dg.RunRequest(run_key=None, tags={"floe/trigger": "seed"})

        sensors.append(_seed)

    for spec in env.artifacts["orchestration"]["sensors"]:
        job = jobs.get(spec["job"])
        if job is None:
            continue
        if spec["type"] == "freshness":
            sensors.append(_freshness_sensor(spec, job))
            continue

        @dg.sensor(
            name=spec["name"],
            job=job,
            minimum_interval_seconds=spec["minimum_interval_seconds"],
            default_status=dg.DefaultSensorStatus.RUNNING if spec["enabled"] else dg.DefaultSensorStatus.STOPPED,
            description="Runs the job when the bronze row counts change.",
        )
        def _new_data(context: dg.SensorEvaluationContext):
            try:
                bronze = layer_status(env)["layers"]["bronze"]
            except (RuntimeError, ValueError, KeyError) as error:
                return dg.SkipReason(f"could not read the bronze layer: {error}")
            cursor = json.dumps(bronze, sort_keys=True)
            if cursor == context.cursor or not any(rows > 0 for rows in bronze.values()):
                return dg.SkipReason("no new bronze data")
            context.update_cursor(cursor)
            return dg.RunRequest(run_key=cursor)

        sensors.append(_new_data)
    return sensors


def _freshness_sensor(spec: dict, job) -> dg.SensorDefinition:
    tags = {"floe/trigger": spec["name"]}
    if spec["max_lag_minutes"] is not None:
        tags["floe/max_lag_minutes"] = str(spec["max_lag_minutes"])

    @dg.sensor(
        name=spec["name"],
        job=job,
        minimum_interval_seconds=spec["minimum_interval_seconds"],
        default_status=dg.DefaultSensorStatus.RUNNING if spec["enabled"] else dg.DefaultSensorStatus.STOPPED,
        description="Runs the source freshness checks every minimum_interval_seconds; a failed check means stale data.",
    )
    def _freshness(context: dg.SensorEvaluationContext):
        if job_in_flight(context, job.name):
            return dg.SkipReason("a freshness check is already running")
        return dg.RunRequest(tags=tags)

    return _freshness
