"""A plain `pip install .` (no editable checkout, as docs/DEPLOY.md installs it) carries
everything the kiosk needs: themes, fonts, sounds, translations and both sets of migrations."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.timeout(240)
def test_a_built_wheel_runs_the_kiosk_from_outside_the_checkout(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(ROOT)],
        check=True,
        cwd=tmp_path,
        capture_output=True,
    )
    (wheel,) = wheels.glob("kiosk-*.whl")
    target = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(target)], check=True)
    pip_into_target = [sys.executable, "-m", "pip", "--python", str(target / "bin" / "python")]
    subprocess.run(
        [*pip_into_target, "install", "--no-deps", "--no-index", "-q", str(wheel)],
        check=True,
        capture_output=True,
    )
    # The dependencies come from the test environment's site-packages; PYTHONPATH (unlike a
    # site folder) does not run its .pth files, so the editable checkout stays out of reach.
    env = {
        **os.environ,
        "PYTHONPATH": sysconfig.get_paths()["purelib"],
        "QT_QPA_PLATFORM": "offscreen",
        "HOME": str(tmp_path / "home"),
        "XDG_DATA_HOME": str(tmp_path / "home" / "data"),
    }
    where = subprocess.run(
        [str(target / "bin" / "python"), "-c", "import kiosk.ui.paths as p; print(p.RESOURCES)"],
        env=env,
        cwd=tmp_path,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    assert Path(where).is_relative_to(target), where
    for name in (
        "themes/default.qss",
        "fonts/NotoSansCJKsc-Regular-kiosk.otf",
        "sounds/success.wav",
        "translations/kiosk_zh_CN.qm",
    ):
        assert (Path(where) / name).is_file(), name

    # The whole demo from the installed package: journal and service migrations, Chinese
    # text from the installed translations, the bundled font registered.
    scenario = ROOT / "tests" / "scenarios" / "language.scenario"
    run = subprocess.run(
        [str(target / "bin" / "kiosk"), "demo", "--offscreen", "--script", str(scenario)],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=180,
    )
    output = run.stdout + run.stderr
    assert run.returncode == 0, output
    assert "no translation file" not in output
    assert "no bundled font" not in output
