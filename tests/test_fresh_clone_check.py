"""tools/junit_compare.py: how the fresh-clone check judges the clone's test run."""

from __future__ import annotations

import sys
from pathlib import Path

from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "tools"))
from junit_compare import compare


def _report(path: Path, passed: int, skips: dict[str, str], failed: int = 0,
            xfails: int = 0) -> Path:
    cases = [f'<testcase classname="t" name="p{i}"/>' for i in range(passed)]
    cases += [f'<testcase classname="t" name="s{i}"><skipped type="pytest.skip" '
              f'message="{msg}"/></testcase>' for i, msg in enumerate(skips.values())]
    cases += [f'<testcase classname="t" name="x{i}"><skipped type="pytest.xfail" '
              f'message="missing a relation"/></testcase>' for i in range(xfails)]
    cases += [f'<testcase classname="t" name="f{i}"><failure message="boom"/></testcase>'
              for i in range(failed)]
    path.write_text(f'<testsuites><testsuite name="pytest">{"".join(cases)}'
                    "</testsuite></testsuites>", encoding="utf-8")
    return path


def test_same_outcome_passes(tmp_path: Path) -> None:
    checkout = _report(tmp_path / "a.xml", 10, {"a": "Chromium is not installed"}, xfails=2)
    clone = _report(tmp_path / "b.xml", 10, {"a": "Chromium is not installed"}, xfails=2)
    assert compare(checkout, clone) == []


def test_fewer_passed_or_a_failure_is_reported(tmp_path: Path) -> None:
    checkout = _report(tmp_path / "a.xml", 10, {})
    assert compare(checkout, _report(tmp_path / "b.xml", 9, {})) == [
        "passed: checkout 10, clone 9"]
    problems = compare(checkout, _report(tmp_path / "c.xml", 10, {}, failed=1))
    assert problems and "failed 1" in problems[0]


def test_a_skip_for_missing_data_is_reported(tmp_path: Path) -> None:
    reason = "../evaluation-set/dev is not a directory"
    checkout = _report(tmp_path / "a.xml", 10, {"a": reason})
    problems = compare(checkout, _report(tmp_path / "b.xml", 10, {"a": reason}))
    assert problems == [f"skipped for missing data: t::s0: {reason}"]
