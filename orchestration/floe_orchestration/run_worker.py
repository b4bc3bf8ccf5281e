"""An idle run worker for WarmRunLauncher: imports the libraries every run needs and builds the code location, then
waits for one run's `ExecuteRunArgs` (serialized, one line on standard input) and executes it as
`dagster api execute_run` does. Standard input closing without a line means "not needed": the worker exits quietly.

The code location is built ahead from CompiledArtifacts and the dbt project; if either changed while the worker
waited, the prepared build is dropped and the run builds it again from the files as they are now."""

from __future__ import annotations

import os
import sys

DEFINITIONS_MODULE = "floe_orchestration.definitions"


def definition_inputs() -> list[float]:
    """Modification times of what the code location is built from (CompiledArtifacts, the dbt project)."""
    from .artifacts import load_environment
    from .transform import newest_source_mtime

    env = load_environment()
    artifacts = os.environ.get("FLOE_ARTIFACTS") or str(env.project_dir / ".floe" / "compiled_artifacts.json")
    stamps = [os.stat(artifacts).st_mtime]
    dbt = env.artifacts["transforms"]["dbt"]
    if dbt is not None:
        project_dir = env.path(dbt["project"])
        stamps.append(newest_source_mtime(project_dir))
        manifest = project_dir / "target" / "manifest.json"
        stamps.append(manifest.stat().st_mtime if manifest.exists() else 0.0)
    return stamps


def prepare_definitions() -> list[float] | None:
    """Builds the code location now; returns the inputs it was built from, or None when it could not be built (the
    run then builds it itself and reports the error in its own log)."""
    try:
        # Stamped before the build: a change made while it builds is seen as a change.
        inputs = definition_inputs()
        __import__(DEFINITIONS_MODULE)
        return inputs
    except Exception:  # noqa: BLE001 - any failure is the run's to report
        sys.modules.pop(DEFINITIONS_MODULE, None)
        return None


def main() -> int:
    # The expensive imports, done before a run is waiting (about two seconds): Dagster, dagster-dbt, dbt-core.
    import dagster  # noqa: F401
    import dagster_dbt  # noqa: F401
    from dagster._cli.api import execute_run_command

    from . import automation, freshness, generate, publish, transform  # noqa: F401

    prepared = prepare_definitions()

    line = sys.stdin.readline().strip()
    if not line:
        return 0
    try:
        fresh = prepared is not None and definition_inputs() == prepared
    except OSError:
        fresh = False
    if not fresh:
        sys.modules.pop(DEFINITIONS_MODULE, None)
    # execute_run_command is the body of `dagster api execute_run`; it exits non-zero when the run fails.
    execute_run_command.callback(input_json=line, compressed_input_json=None)  # type: ignore[union-attr]
    return 0


if __name__ == "__main__":
    sys.exit(main())
