"""Put axe-core's `axe.min.js` where the accessibility test looks for it.

axe-core reaches us inside a PyPI wheel (`axe-playwright-python`, which bundles it for
Playwright). Installing that wheel would leave a package whose dependency (Playwright) is
missing and break `pip check`, so the wheel is only downloaded and the one file taken out.

    python tools/fetch_axe.py SPEC DEST_DIR
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path


def main(spec: str, dest: Path) -> int:
    target = dest / "axe.min.js"
    if target.is_file():
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
                        "-d", tmp, spec], check=True)
        wheel = next(Path(tmp).glob("*.whl"))
        with zipfile.ZipFile(wheel) as archive:
            name = next(n for n in archive.namelist() if n.endswith("/axe.min.js"))
            dest.mkdir(parents=True, exist_ok=True)
            target.write_bytes(archive.read(name))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], Path(sys.argv[2])))
