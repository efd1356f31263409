"""The built wheel ships the content: ``ksm-tui check-content`` works in a fresh venv from another directory."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_wheel_install_ships_valid_content(tmp_path: Path):
    dist = tmp_path / "dist"
    # Without hatchling in this environment (e.g. CI's editable install) build in an isolated env from PyPI.
    isolation = ["--no-isolation"] if importlib.util.find_spec("hatchling") else []
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", *isolation, "--outdir", str(dist), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (wheel,) = dist.glob("ksm_tui-*.whl")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, capture_output=True)
    pip_args = [str(venv / "bin" / "python"), "-m", "pip", "install", "-q", str(wheel)]
    constraints = ROOT / "constraints.txt"
    if constraints.is_file():
        pip_args += ["-c", str(constraints)]
    subprocess.run(pip_args, check=True, capture_output=True)

    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    result = subprocess.run(
        [str(venv / "bin" / "ksm-tui"), "check-content"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    shipped = venv / "lib"
    assert result.stdout.startswith("Inhalt in ")
    location = Path(result.stdout.split(" ist gültig")[0].removeprefix("Inhalt in "))
    assert shipped in location.parents and location.name == "content" and location.parent.name == "ksm_tui"
    assert "10 Modelle, 31 Aufgaben in 5 Gruppen" in result.stdout
