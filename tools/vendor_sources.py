"""Record (and check) the public source files vendored under tools/sources/.

    .venv/bin/python tools/vendor_sources.py            # rewrite tools/sources/MANIFEST.tsv
    .venv/bin/python tools/vendor_sources.py --check    # exit 1 if a file differs from it
    .venv/bin/python tools/vendor_sources.py --from-git DIR_OF_PETRARCH2 DIR_OF_PLOVER
                                                        # re-copy the files from git clones

The files are data, copied unchanged from two public repositories at a fixed commit:
openeventdata/petrarch2 (MIT) and openeventdata/PLOVER (CC BY-SA 4.0). Builders in tools/
read them; nothing in the kg package does. MANIFEST.tsv lists, per file, where it came
from and its sha256, so a changed or truncated copy is caught by the tests.
"""

from __future__ import annotations

import argparse
import hashlib
import subprocess
import sys
from pathlib import Path

SOURCES = Path(__file__).resolve().parent / "sources"
MANIFEST = SOURCES / "MANIFEST.tsv"
COLUMNS = ["file", "repo", "path", "commit", "licence", "sha256"]

PETRARCH2 = ("openeventdata/petrarch2", "676801cd9cb2924bbbad09f86d15c9323e7097bf", "MIT")
PLOVER = ("openeventdata/PLOVER", "5e0c24fba623f2d8df5ae3c7de7a94dba90d5b6f", "CC-BY-SA-4.0")
_DICTS = "petrarch2/data/dictionaries/"

# (vendored file, origin, path in the origin repository)
FILES: list[tuple[str, tuple[str, str, str], str]] = [
    ("petrarch2/LICENSE", PETRARCH2, "LICENSE"),
    ("petrarch2/CAMEO.2.0.txt", PETRARCH2, _DICTS + "CAMEO.2.0.txt"),
    ("petrarch2/Phoenix.Countries.actors.txt", PETRARCH2, _DICTS + "Phoenix.Countries.actors.txt"),
    ("petrarch2/Phoenix.International.actors.txt", PETRARCH2,
     _DICTS + "Phoenix.International.actors.txt"),
    ("petrarch2/Phoenix.MilNonState.actors.txt", PETRARCH2,
     _DICTS + "Phoenix.MilNonState.actors.txt"),
    ("petrarch2/Phoenix.agents.txt", PETRARCH2, _DICTS + "Phoenix.agents.txt"),
    ("petrarch2/PETR.Validate.actors.txt", PETRARCH2, _DICTS + "PETR.Validate.actors.txt"),
    ("petrarch2/PETR.Validate.agents.txt", PETRARCH2, _DICTS + "PETR.Validate.agents.txt"),
    ("petrarch2/PETR.UnitTest.records.xml", PETRARCH2,
     "petrarch2/data/text/PETR.UnitTest.records.xml"),
    ("plover/CAMEO2PLOVER-2021.txt", PLOVER, "CAMEO2PLOVER-2021.txt"),
]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def manifest_text() -> str:
    lines = ["\t".join(COLUMNS)]
    for name, (repo, commit, licence), path in FILES:
        lines.append("\t".join([name, repo, path, commit, licence, sha256(SOURCES / name)]))
    return "\n".join(lines) + "\n"


def copy_from_git(clones: dict[str, Path]) -> None:
    """Copy every file from local clones of the origin repositories, at the pinned commit."""
    for name, (repo, commit, _licence), path in FILES:
        blob = subprocess.run(["git", "-C", str(clones[repo]), "show", f"{commit}:{path}"],
                              check=True, capture_output=True).stdout
        target = SOURCES / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(blob)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare, do not write")
    parser.add_argument("--from-git", nargs=2, metavar=("PETRARCH2", "PLOVER"), type=Path,
                        help="re-copy the files from these git clones first")
    args = parser.parse_args(argv)
    missing = [name for name, _, _ in FILES if not (SOURCES / name).is_file()]
    if args.from_git:
        copy_from_git({PETRARCH2[0]: args.from_git[0], PLOVER[0]: args.from_git[1]})
    elif missing:
        print(f"error: missing vendored files: {', '.join(missing)}", file=sys.stderr)
        return 1
    text = manifest_text()
    if args.check:
        if not MANIFEST.is_file() or MANIFEST.read_text(encoding="utf-8") != text:
            print(f"error: {MANIFEST} does not match the vendored files", file=sys.stderr)
            return 1
        return 0
    MANIFEST.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
