"""Contradictory configuration seeds fail `dbt build` with a message naming the rows.

One build of the seeds with every kind of contradiction planted at once (the checks are
independent): each failing check must be reported, with the offending row in the log.
"""
from __future__ import annotations

import pytest

from conftest import DbtProject, copy_project


def append_rows(seed_path, *rows: str) -> None:
    text = seed_path.read_text()
    if not text.endswith("\n"):
        text += "\n"
    seed_path.write_text(text + "\n".join(rows) + "\n")


@pytest.fixture(scope="module")
def contradictory_build(small_export, tmp_path_factory):
    project_dir = copy_project(tmp_path_factory.mktemp("contradictory") / "project")
    seeds = project_dir / "seeds"
    # same key (after normalisation) mapped again in an overlapping window
    append_rows(seeds / "tag_cost_center_map.csv", " Team ,ML,CC-2000,20,2026-09-01,")
    # two tag keys sharing one priority
    append_rows(seeds / "tag_cost_center_map.csv", "department,finance,CC-4000,10,,")
    # unknown cost center
    append_rows(seeds / "identity_cost_center_map.csv", "ghost.user@example.com,CC-7777,,")
    # workspace mapped twice in overlapping windows
    append_rows(seeds / "workspace_cost_center_map.csv", "6051921418418893,CC-5000,prod,2026-10-01,")
    # negative weight, and a shared cost center whose weights sum to zero
    append_rows(
        seeds / "shared_cost_allocation_weights.csv",
        "CC-1000,CC-2000,-1",
        "CC-1000,CC-3000,1",
    )
    # two identical discount rules
    append_rows(seeds / "contract_discounts.csv", "JOBS,%JOBS%,0.20,,")
    project = DbtProject(small_export, tmp_path_factory.mktemp("contradictory_work"), project_dir=project_dir)
    return project.dbt("build", "--select", "resource_type:seed")


def test_contradictory_seeds_fail_the_build(contradictory_build):
    assert not contradictory_build.ok, contradictory_build.output[-3000:]


@pytest.mark.parametrize(
    "failing_test, seed, row_fragments",
    [
        # overlapping windows: the key and the window that overlaps the next one
        ("tag_cost_center_map_rows_must_not_overlap", "tag_cost_center_map.csv", ["team=ml", "2026-09-01"]),
        ("tag_cost_center_map_one_priority_per_tag_key", "tag_cost_center_map.csv", ["department | finance | CC-4000 | 10"]),
        # an unknown cost center: the value not found in cost_centers.csv
        ("identity_cost_center_map_cost_center_must_be_known", "identity_cost_center_map.csv", ["CC-7777"]),
        ("workspace_cost_center_map_rows_must_not_overlap", "workspace_cost_center_map.csv", ["6051921418418893", "2026-10-01"]),
        ("shared_cost_allocation_weights_must_be_positive", "shared_cost_allocation_weights.csv", ["CC-1000 | CC-2000 | -1"]),
        ("contract_discounts_rows_must_not_overlap", "contract_discounts.csv", ["JOBS/%JOBS%"]),
    ],
)
def test_each_contradiction_is_named_with_its_rows(contradictory_build, failing_test, seed, row_fragments):
    out = contradictory_build.output
    assert "FAIL" in out and failing_test in out, out[-3000:]
    assert f"SEED ERROR in {seed}" in out
    # one "SEED ERROR" section per failing check (on-run-end hook report_failing_rows);
    # one of this seed's must list the offending rows
    sections = ["SEED ERROR" + part for part in out.split("SEED ERROR")[1:]]
    ours = [section for section in sections if section.startswith(f"SEED ERROR in {seed}")]
    assert any(all(fragment in section for fragment in row_fragments) for section in ours), ours


def test_valid_seeds_pass(small_export, tmp_path):
    project = DbtProject(small_export, tmp_path)
    result = project.dbt("build", "--select", "resource_type:seed")
    assert result.ok, result.output[-3000:]
