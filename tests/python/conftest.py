"""Shared fixtures: generated exports and dbt runs in isolated DuckDB files.

Every dbt invocation runs as a subprocess with its own database file, target and log
directories, so tests never share state and can run in any order.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

PROJECT_DIR = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(PROJECT_DIR / "scripts"))

import generate_sample_account  # noqa: E402

# A small but complete account: every product, correction and tag spelling occurs.
SMALL_ACCOUNT = dict(start_date="2026-08-01", end_date="2026-10-31", workspaces=4, scale=0.05, seed=42)


@dataclass
class DbtResult:
    returncode: int
    output: str

    @property
    def ok(self) -> bool:
        return self.returncode == 0


@dataclass
class DbtProject:
    """One isolated dbt environment: an export directory and a DuckDB file."""

    export_dir: Path
    workdir: Path
    target: str = "duckdb"
    project_dir: Path = PROJECT_DIR

    @property
    def db_path(self) -> Path:
        return self.workdir / "chargeback.duckdb"  # not finops.duckdb: DuckDB would confuse catalog and schema `finops`

    def env(self, extra: dict | None = None) -> dict:
        env = dict(os.environ)
        env.update(
            FINOPS_EXPORT_DIR=str(self.export_dir),
            FINOPS_DUCKDB_PATH=str(self.db_path),
            FINOPS_TARGET=self.target,
            DBT_PROFILES_DIR=str(self.project_dir),
            DBT_TARGET_PATH=str(self.workdir / "target"),
            DBT_LOG_PATH=str(self.workdir / "logs"),
            DBT_SEND_ANONYMOUS_USAGE_STATS="false",
            DBT_USE_COLORS="false",
            DBT_PARTIAL_PARSE="false",
        )
        env.update(extra or {})
        return env

    def dbt(self, *args: str, vars: dict | None = None, env: dict | None = None) -> DbtResult:
        cmd = [str(Path(sys.executable).parent / "dbt"), *args]
        if vars:
            import json

            cmd += ["--vars", json.dumps(vars)]
        proc = subprocess.run(
            cmd, cwd=self.project_dir, env=self.env(env), capture_output=True, text=True
        )
        return DbtResult(proc.returncode, proc.stdout + proc.stderr)

    def query(self, sql: str) -> list[tuple]:
        with duckdb.connect(str(self.db_path), read_only=True) as con:
            return con.execute(sql).fetchall()

    def scalar(self, sql: str):
        return self.query(sql)[0][0]


def generate_export(out_dir: Path, **overrides) -> Path:
    args = {**SMALL_ACCOUNT, **overrides}
    generate_sample_account.generate(out_dir, **args)
    return out_dir


@pytest.fixture(scope="session")
def small_export(tmp_path_factory) -> Path:
    """The small sample account, generated once per test session. Do not modify it."""
    return generate_export(tmp_path_factory.mktemp("export") / "small")


# The same account as of a few days later: new days plus late originals and corrections
# (RETRACTION/RESTATEMENT) for earlier months; a superset of small_export.
LATER_END_DATE = "2026-11-05"


@pytest.fixture(scope="session")
def later_export(tmp_path_factory) -> Path:
    """The small sample account as of LATER_END_DATE, generated once per test session."""
    return generate_export(tmp_path_factory.mktemp("export_later") / "small", end_date=LATER_END_DATE)


@pytest.fixture(scope="session")
def built_later_full(later_export, tmp_path_factory) -> tuple[DbtProject, DbtResult]:
    """A full `dbt build` of the later export on DuckDB: the reference for incremental runs."""
    project = DbtProject(later_export, tmp_path_factory.mktemp("built_later_full"))
    result = project.dbt("build")
    return project, result


@pytest.fixture(scope="session")
def built_small(small_export, tmp_path_factory) -> tuple[DbtProject, DbtResult]:
    """`dbt build` of the small sample account on DuckDB (shared, read-only for tests)."""
    project = DbtProject(small_export, tmp_path_factory.mktemp("built_small"))
    result = project.dbt("build")
    return project, result


PROJECT_FILES = ("dbt_project.yml", "profiles.yml", "packages.yml", "package-lock.yml", "dbt_packages", "models", "macros", "seeds", "tests", "docs", "analyses")


def copy_project(dst: Path) -> Path:
    """Copy the dbt project's own files (no venv, target or data) to `dst`."""
    dst.mkdir(parents=True)
    for name in PROJECT_FILES:
        src = PROJECT_DIR / name
        if src.is_dir():
            shutil.copytree(src, dst / name, ignore=shutil.ignore_patterns("python", "__pycache__"))
        elif src.exists():
            shutil.copy2(src, dst / name)
    return dst


def tool_venv(name: str, requirements: Path) -> Path:
    """A virtualenv of its own for a tool whose pins clash with the project's (e.g. dbt-bouncer),
    at <project>/<name>, created or refreshed when `requirements` changed. Returns its bin dir."""
    venv = PROJECT_DIR / name
    stamp = venv / ".installed-requirements.txt"
    if not stamp.is_file() or stamp.read_text() != requirements.read_text():
        subprocess.run([sys.executable, "-m", "venv", "--clear", str(venv)], check=True)
        subprocess.run(
            [str(venv / "bin" / "pip"), "install", "--quiet", "--disable-pip-version-check", "-r", str(requirements)],
            check=True,
        )
        stamp.write_text(requirements.read_text())
    return venv / "bin"
