"""Compare two pytest JUnit reports: the checkout's and a fresh clone's.

    python tools/junit_compare.py CHECKOUT.xml CLONE.xml

Exit 0 when the clone failed nothing, passed as many tests as the checkout, skipped as
many, and skipped none for a missing file or folder; otherwise print why and exit 1.
Used by tools/fresh_clone_check.sh.
"""

from __future__ import annotations

import re
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

# Skip reasons that mean "the data this test needs is not here".
MISSING = re.compile(r"shared|dev set|no such file|not found|missing|does not exist|"
                     r"not a directory|is_dir|\.\./", re.IGNORECASE)


def outcomes(report: Path) -> tuple[Counter[str], list[str]]:
    """Counts of passed/failed/error/skipped (xfail included) test cases, and the messages
    of the real skips."""
    counts: Counter[str] = Counter()
    skips: list[str] = []
    for case in ET.parse(report).getroot().iter("testcase"):
        kinds = [child.tag for child in case if child.tag in ("failure", "error", "skipped")]
        if not kinds:
            counts["passed"] += 1
            continue
        counts[kinds[0]] += 1
        node = case.find("skipped")
        if node is not None and node.get("type") != "pytest.xfail":  # xfail: a known failure
            skips.append(f"{case.get('classname')}::{case.get('name')}: "
                         f"{node.get('message', '')}")
    return counts, skips


def compare(checkout: Path, clone: Path) -> list[str]:
    """Why the clone's run is not as good as the checkout's (empty: it is)."""
    base, _ = outcomes(checkout)
    mine, skips = outcomes(clone)
    problems = []
    if mine["failure"] or mine["error"]:
        problems.append(f"the clone failed {mine['failure']} and errored {mine['error']}")
    if mine["passed"] != base["passed"]:
        problems.append(f"passed: checkout {base['passed']}, clone {mine['passed']}")
    if mine["skipped"] != base["skipped"]:
        problems.append(f"skipped: checkout {base['skipped']}, clone {mine['skipped']}")
    problems += [f"skipped for missing data: {s}" for s in skips if MISSING.search(s)]
    return problems


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    checkout, clone = map(Path, argv)
    problems = compare(checkout, clone)
    base, _ = outcomes(checkout)
    mine, _ = outcomes(clone)
    print(f"checkout: {dict(base)}; fresh clone: {dict(mine)}")
    for problem in problems:
        print("fresh clone check:", problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
