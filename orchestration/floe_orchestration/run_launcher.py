"""A run launcher for the embedded default (`floe demo`): every run starts in a run worker that already imported
Dagster, dagster-dbt and dbt.

Dagster's default launcher starts each run in a fresh Python process that first spends about two seconds importing
those libraries, which is a fifth of the demo's ten-second freshness target. This launcher keeps one idle worker
(`python -m floe_orchestration.run_worker`) ready: the worker has done the imports and built the code location, and
waits for the run's `ExecuteRunArgs` on its standard input, then does what `dagster api execute_run` does. If
CompiledArtifacts or the dbt project changed while it waited, it builds the code location again first, so edits are
seen by the next run, as with the default launcher. Each worker runs one run and exits; the next idle worker is
started when that run has finished (its imports would otherwise compete with the run for the CPU).

Dagster builds the run launcher lazily, when the first run is launched. FloeRunCoordinator (Dagster's
QueuedRunCoordinator, unchanged otherwise) starts the first idle worker when the daemon starts: the daemon reads
`dequeue_interval_seconds` once, as it creates its run queue loop, and no other process reads it.

On Kubernetes the Helm chart configures Dagster's own K8sRunLauncher; this class is for one machine only.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from collections.abc import Mapping
from typing import Any

from dagster import _check as check
from dagster._core.launcher import LaunchRunContext, RunLauncher
from dagster._core.run_coordinator import QueuedRunCoordinator
from dagster._grpc.types import ExecuteRunArgs
from dagster._serdes import ConfigurableClass, ConfigurableClassData, serialize_value

WORKER_PID_TAG = "floe/run_worker_pid"
# "warm" when the run went to an idle worker that had already imported, "cold" when one had to be started for it.
WORKER_TAG = "floe/run_worker"
WORKER_MODULE = "floe_orchestration.run_worker"


class WarmRunLauncher(RunLauncher, ConfigurableClass):
    def __init__(self, inst_data: ConfigurableClassData | None = None) -> None:
        self._inst_data = inst_data
        self._lock = threading.Lock()
        self._idle: subprocess.Popen[str] | None = None
        super().__init__()

    @property
    def inst_data(self) -> ConfigurableClassData | None:
        return self._inst_data

    @classmethod
    def config_type(cls) -> dict:
        return {}

    @classmethod
    def from_config_value(cls, inst_data: ConfigurableClassData, config_value: Mapping[str, Any]) -> WarmRunLauncher:
        return cls(inst_data=inst_data)

    def _start_worker(self) -> subprocess.Popen[str]:
        # In the daemon's process group: stopping `floe demo` stops running workers too.
        return subprocess.Popen([sys.executable, "-m", WORKER_MODULE], stdin=subprocess.PIPE, text=True)

    def _take_worker(self) -> tuple[subprocess.Popen[str], bool]:
        with self._lock:
            worker, self._idle = self._idle, None
        if worker is None or worker.poll() is not None:
            return self._start_worker(), False
        return worker, True

    def _refill(self) -> None:
        worker = self._start_worker()
        with self._lock:
            if self._idle is None:
                self._idle = worker
                return
        self._stop_idle(worker)

    def warm(self) -> None:
        """Starts an idle worker now (in the background) unless one is ready."""
        with self._lock:
            ready = self._idle is not None and self._idle.poll() is None
        if not ready:
            threading.Thread(target=self._refill, name="floe-warm-worker", daemon=True).start()

    def launch_run(self, context: LaunchRunContext) -> None:
        run = context.dagster_run
        job_origin = check.not_none(run.job_code_origin, "run has no code origin")
        args = ExecuteRunArgs(
            job_origin=job_origin,
            run_id=run.run_id,
            instance_ref=self._instance.get_ref(),
            set_exit_code_on_failure=True,
        )
        worker, warm = self._take_worker()
        assert worker.stdin is not None
        worker.stdin.write(serialize_value(args) + "\n")
        worker.stdin.close()
        self._instance.add_run_tags(
            run.run_id, {WORKER_PID_TAG: str(worker.pid), WORKER_TAG: "warm" if warm else "cold"}
        )
        # The next idle worker imports once this run has finished: importing takes about two seconds of CPU, which
        # on a small machine would slow the run itself down.
        threading.Thread(target=self._refill_after, args=(worker,), name="floe-warm-worker", daemon=True).start()

    def _refill_after(self, worker: subprocess.Popen[str]) -> None:
        worker.wait()
        self._refill()

    def terminate(self, run_id: str) -> bool:
        check.str_param(run_id, "run_id")
        run = self._instance.get_run_by_id(run_id)
        if not run or run.is_finished:
            return False
        pid = run.tags.get(WORKER_PID_TAG)
        if not pid:
            return False
        self._instance.report_run_canceling(run)
        try:
            # Dagster's run worker turns SIGINT into a clean cancellation of the run.
            os.kill(int(pid), signal.SIGINT)
        except (ProcessLookupError, ValueError):
            return False
        return True

    @staticmethod
    def _stop_idle(worker: subprocess.Popen[str]) -> None:
        # An idle worker exits when its standard input closes without a run.
        try:
            if worker.stdin:
                worker.stdin.close()
            worker.wait(timeout=10)
        except (OSError, subprocess.TimeoutExpired):
            worker.kill()

    def dispose(self) -> None:
        with self._lock:
            worker, self._idle = self._idle, None
        if worker is not None:
            self._stop_idle(worker)


class FloeRunCoordinator(QueuedRunCoordinator):
    """Dagster's queued run coordinator; in the daemon it also readies the first run worker (see the module doc)."""

    @property
    def dequeue_interval_seconds(self) -> int:
        launcher = self._instance.run_launcher
        if isinstance(launcher, WarmRunLauncher):
            launcher.warm()
        return super().dequeue_interval_seconds
