"""Reads CompiledArtifacts and the few environment variables the floe runtime sets for the code location."""

from __future__ import annotations

import json
import os
import shlex
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# Tables each synthetic dataset writes to bronze (issue 4's column contract); bronze tables are <prefix><table>.
DATASET_TABLES: dict[str, tuple[str, ...]] = {
    "ecommerce": ("customers", "products", "orders", "order_items"),
    "saas": ("accounts", "users", "subscriptions", "events"),
}


@dataclass(frozen=True)
class FloeEnvironment:
    project_dir: Path
    artifacts: dict[str, Any]
    floe_command: list[str]
    pipes_command: list[str]
    cube_url: str | None

    def path(self, relative: str) -> Path:
        candidate = Path(relative)
        return candidate if candidate.is_absolute() else self.project_dir / candidate


def _command(variable: str, default: list[str]) -> list[str]:
    value = os.environ.get(variable)
    if not value:
        return default
    if value.lstrip().startswith("["):
        parsed = json.loads(value)
        if not isinstance(parsed, list) or not all(isinstance(part, str) for part in parsed):
            raise ValueError(f"{variable} must be a JSON array of strings")
        return parsed
    return shlex.split(value)


def load_environment() -> FloeEnvironment:
    """FLOE_PROJECT_DIR (default: the current directory) holds floe.yaml; floe compiles .floe/ before starting us."""
    project_dir = Path(os.environ.get("FLOE_PROJECT_DIR", os.getcwd())).resolve()
    artifacts_file = Path(os.environ.get("FLOE_ARTIFACTS", str(project_dir / ".floe" / "compiled_artifacts.json")))
    if not artifacts_file.is_file():
        raise FileNotFoundError(
            f"{artifacts_file} not found: run `floe compile {project_dir}` first (floe demo and floe trigger do it)"
        )
    artifacts = json.loads(artifacts_file.read_text(encoding="utf-8"))
    if artifacts.get("schema_version") != 1:
        raise ValueError(f"{artifacts_file}: unsupported schema_version {artifacts.get('schema_version')!r}")
    os.environ.setdefault("FLOE_PROJECT_DIR", str(project_dir))
    floe = _command("FLOE_COMMAND", ["floe"])
    pipes = _command("FLOE_PIPES_COMMAND", ["floe-pipes"])
    cube = os.environ.get("FLOE_CUBE_URL")  # set by floe only while it runs Cube
    return FloeEnvironment(project_dir, artifacts, floe, pipes, cube)


def venv_tool(name: str) -> str:
    """A tool installed next to this Python (the repository's .venv), else the bare name on PATH."""
    candidate = Path(sys.executable).parent / name
    return str(candidate) if candidate.exists() else name
