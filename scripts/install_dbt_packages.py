#!/usr/bin/env python
"""Install the dbt packages of package-lock.yml into dbt_packages/, with or without network.

    python scripts/install_dbt_packages.py            # called by scripts/_setup.sh

- With FINOPS_DBT_PACKAGES_DIR naming a folder of release tarballs
  (`<package>-<version>.tar.gz`, each unpacking to a folder named after the package), every
  locked package is unpacked from there: no network (closed networks, CI).
- Otherwise it runs `dbt deps` (the dbt Hub).

It does nothing when dbt_packages/ already holds what package-lock.yml names (a copy of the
lock is kept in dbt_packages/.installed-lock.yml), so it is cheap to call before every build.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import yaml

PROJECT_DIR = Path(__file__).resolve().parents[1]
LOCK = PROJECT_DIR / "package-lock.yml"
PACKAGES_DIR = PROJECT_DIR / "dbt_packages"
STAMP = PACKAGES_DIR / ".installed-lock.yml"


def locked_packages() -> list[tuple[str, str]]:
    """(name, version) of every package in package-lock.yml."""
    lock = yaml.safe_load(LOCK.read_text())
    return [(p["name"], str(p["version"])) for p in lock["packages"]]


def install_from_tarballs(source: Path) -> None:
    missing = [f"{n}-{v}.tar.gz" for n, v in locked_packages() if not (source / f"{n}-{v}.tar.gz").is_file()]
    if missing:
        sys.exit(f"FINOPS_DBT_PACKAGES_DIR={source} lacks {', '.join(missing)} (package-lock.yml names them)")
    shutil.rmtree(PACKAGES_DIR, ignore_errors=True)
    PACKAGES_DIR.mkdir()
    for name, version in locked_packages():
        with tarfile.open(source / f"{name}-{version}.tar.gz") as archive:
            archive.extractall(PACKAGES_DIR, filter="data")
        if not (PACKAGES_DIR / name / "dbt_project.yml").is_file():
            sys.exit(f"{name}-{version}.tar.gz did not unpack to a folder {name}/ with a dbt_project.yml")
        print(f"installed {name} {version} from {source}")


def main() -> int:
    if STAMP.is_file() and STAMP.read_text() == LOCK.read_text():
        return 0
    source = os.environ.get("FINOPS_DBT_PACKAGES_DIR")
    if source:
        install_from_tarballs(Path(source).resolve())
    else:
        subprocess.run(["dbt", "deps"], cwd=PROJECT_DIR, check=True)
    STAMP.write_text(LOCK.read_text())
    return 0


if __name__ == "__main__":
    sys.exit(main())
