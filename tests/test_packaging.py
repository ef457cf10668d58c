"""The package as users get it: a wheel carries the page and the bundle the server serves."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_wheel_ships_the_static_files(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
        check=True,
        timeout=600,
    )
    (wheel,) = tmp_path.glob("nnvisu-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    static = ROOT / "src" / "nnvisu" / "static"
    for path in static.iterdir():
        assert f"nnvisu/static/{path.name}" in names
        packed = zipfile.ZipFile(wheel).read(f"nnvisu/static/{path.name}")
        assert packed == path.read_bytes(), f"{path.name} in the wheel differs from the source"
    assert {"nnvisu/server/app.py", "nnvisu/core/trainer.py", "nnvisu/py.typed"} <= names
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "nnvisu = nnvisu.__main__:main" in zipfile.ZipFile(wheel).read(entry_points).decode()
