"""An idle run worker for WarmRunLauncher: imports the libraries every run needs, then waits for one run's
`ExecuteRunArgs` (serialized, one line on standard input) and executes it as `dagster api execute_run` does.
Standard input closing without a line means "not needed": the worker exits quietly."""

from __future__ import annotations

import sys


def main() -> int:
    # The expensive imports, done before a run is waiting (about two seconds): Dagster, dagster-dbt, dbt-core.
    import dagster  # noqa: F401
    import dagster_dbt  # noqa: F401
    from dagster._cli.api import execute_run_command

    from . import automation, generate, publish, transform  # noqa: F401

    line = sys.stdin.readline().strip()
    if not line:
        return 0
    # execute_run_command is the body of `dagster api execute_run`; it exits non-zero when the run fails.
    execute_run_command.callback(input_json=line, compressed_input_json=None)  # type: ignore[union-attr]
    return 0


if __name__ == "__main__":
    sys.exit(main())
