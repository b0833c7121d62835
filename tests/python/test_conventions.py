"""The project's conventions, checked on dbt's manifest: the DAG flows one way, and dbt-bouncer
(a maintained tool, config dbt-bouncer.yml) passes: documentation, primary-key tests, naming
by layer, no back edges, contracts on public marts."""
from __future__ import annotations

import json
import subprocess

import pytest

from conftest import PROJECT_DIR, DbtProject, tool_venv

# A model may read only layers at or above its own (docs block `__overview__`).
LAYERS = ["staging", "intermediate", "marts/core", "aggregates", "marts"]


def layer_of(path: str) -> int:
    # the most specific folder wins (models/marts/core/ before models/marts/)
    for folder in sorted(LAYERS, key=len, reverse=True):
        if path.startswith(f"models/{folder}/"):
            return LAYERS.index(folder)
    raise AssertionError(f"{path} is in no layer")


@pytest.fixture(scope="module")
def parsed(small_export, tmp_path_factory):
    project = DbtProject(small_export, tmp_path_factory.mktemp("parsed"))
    result = project.dbt("parse")
    assert result.ok, result.output[-3000:]
    return project.workdir / "target"


def test_the_dag_flows_one_way(parsed):
    manifest = json.loads((parsed / "manifest.json").read_text())
    models = {uid: n for uid, n in manifest["nodes"].items()
              if n["resource_type"] == "model" and n["package_name"] == "finops_chargeback"}
    back_edges = []
    for uid, node in models.items():
        for parent in node["depends_on"]["nodes"]:
            if parent in models and layer_of(models[parent]["original_file_path"]) > layer_of(node["original_file_path"]):
                back_edges.append(f"{node['name']} reads {models[parent]['name']}")
    assert not back_edges, back_edges
    # the issue's own wording: no int_ model has a mart (or an aggregate) as a parent
    for node in models.values():
        if node["name"].startswith("int_"):
            parents = [models[p]["name"] for p in node["depends_on"]["nodes"] if p in models]
            assert all(p.startswith(("stg_", "int_")) for p in parents), (node["name"], parents)
    # every layer is populated, so the check above is not vacuous
    assert {layer_of(n["original_file_path"]) for n in models.values()} == set(range(len(LAYERS)))


def test_dbt_bouncer_passes(parsed, tmp_path):
    bin_dir = tool_venv(".venv-bouncer", PROJECT_DIR / "requirements-bouncer.txt")
    config = (PROJECT_DIR / "dbt-bouncer.yml").read_text().replace(
        "dbt_artifacts_dir: target", f"dbt_artifacts_dir: {parsed}"
    )
    (tmp_path / "dbt-bouncer.yml").write_text(config)
    proc = subprocess.run(
        [str(bin_dir / "dbt-bouncer"), "run", "--config-file", str(tmp_path / "dbt-bouncer.yml")],
        cwd=PROJECT_DIR, capture_output=True, text=True,
    )
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
    assert "ERROR=0" in proc.stdout
