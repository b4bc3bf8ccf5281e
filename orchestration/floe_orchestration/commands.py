"""Runs floe commands: plainly (subprocess) or through Dagster Pipes (the floe-pipes wrapper reports the
command's --json result as asset materializations)."""


import subprocess
from collections.abc import Sequence

import dagster as dg

from .artifacts import FloeEnvironment


def floe_args(env: FloeEnvironment, *args: str) -> list[str]:
    return [*args, "--project", str(env.project_dir)]


def run_floe(context: dg.OpExecutionContext, env: FloeEnvironment, args: Sequence[str]) -> str:
    """Runs `floe <args>`, logs its output, raises a Dagster Failure carrying floe's error message when it fails."""
    command = [*env.floe_command, *args]
    context.log.info(f"running {' '.join(command)}")
    completed = subprocess.run(command, capture_output=True, text=True, cwd=env.project_dir, check=False)
    if completed.stderr.strip():
        context.log.info(completed.stderr.strip())
    if completed.returncode != 0:
        raise dg.Failure(
            description=f"`floe {' '.join(args)}` failed (exit {completed.returncode}): "
            + (completed.stderr.strip() or completed.stdout.strip())[-2000:],
            allow_retries=completed.returncode == 1,
        )
    return completed.stdout


def run_floe_with_pipes(
    context: dg.AssetExecutionContext, env: FloeEnvironment, pipes: dg.PipesSubprocessClient, args: Sequence[str]
):
    """Runs `floe-pipes floe <args> --json`; the wrapper turns floe's JSON result into materialization metadata."""
    command = [*env.pipes_command, *args]
    context.log.info(f"running {' '.join(command)} through Dagster Pipes")
    return pipes.run(command=command, context=context, cwd=str(env.project_dir))
