"""A plain `pip install` (no editable checkout, as docs/DEPLOY.md installs it) carries
everything the kiosk needs — themes, fonts, sounds, translations and both sets of migrations —
and the service's install runs without Qt."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# What a service-only install lacks, and the checkout's own editable install.
NOT_IN_A_SERVICE_INSTALL = ("pyside6", "shiboken6", "kiosk-", "__editable__")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    wheels = tmp_path_factory.mktemp("wheels")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(ROOT)],
        check=True,
        cwd=wheels,
        capture_output=True,
    )
    (built,) = wheels.glob("kiosk-*.whl")
    return built


def _install(wheel: Path, target: Path) -> Path:
    """A fresh venv holding only the wheel; returns its bin folder."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(target)], check=True)
    pip_into_target = [sys.executable, "-m", "pip", "--python", str(target / "bin" / "python")]
    subprocess.run(
        [*pip_into_target, "install", "--no-deps", "--no-index", "-q", str(wheel)],
        check=True,
        capture_output=True,
    )
    return target / "bin"


@pytest.mark.timeout(240)
def test_a_built_wheel_runs_the_kiosk_from_outside_the_checkout(
    wheel: Path, tmp_path: Path
) -> None:
    target = tmp_path / "venv"
    _install(wheel, target)
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
        "prompts/prompts.toml",
        "prompts/zh_CN/screen.home.wav",
        "prompts/en/pin.digit_entered.wav",
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


@pytest.mark.timeout(240)
def test_the_service_installs_and_runs_without_qt(wheel: Path, tmp_path: Path) -> None:
    bin_dir = _install(wheel, tmp_path / "venv")
    # The service's dependencies without Qt: the test environment's packages, less PySide6.
    site = tmp_path / "service-site"
    site.mkdir()
    purelib = Path(sysconfig.get_paths()["purelib"])
    for entry in purelib.iterdir():
        if not entry.name.lower().startswith(NOT_IN_A_SERVICE_INSTALL):
            (site / entry.name).symlink_to(entry)
    env = {**os.environ, "PYTHONPATH": str(site), "HOME": str(tmp_path / "home")}
    env.pop("QT_QPA_PLATFORM", None)

    def run(*argv: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            argv, env=env, cwd=tmp_path, capture_output=True, text=True, timeout=180
        )

    probe = run(
        str(bin_dir / "python"),
        "-c",
        "import importlib.metadata as m, importlib.util as u; "
        "print(u.find_spec('PySide6') is None); "
        "print([r for r in m.requires('kiosk') if 'pyside6' in r.lower()])",
    )
    no_qt, qt_requirements = probe.stdout.splitlines()
    assert no_qt == "True", probe.stdout + probe.stderr
    assert 'extra == "ui"' in qt_requirements and "regional" not in qt_requirements

    helped = run(str(bin_dir / "kiosk-regional"), "--help")
    assert helped.returncode == 0, helped.stdout + helped.stderr
    assert "serve" in helped.stdout
    # A real run: migrations, the demo network, PIN hashes and masking, all without Qt.
    seeded = run(str(bin_dir / "kiosk-regional"), "seed", "--data-dir", str(tmp_path / "data"))
    assert seeded.returncode == 0, seeded.stdout + seeded.stderr
    assert "PySide6" not in seeded.stdout + seeded.stderr
    # The kiosk's screens, asked for where Qt is missing, say what to install.
    demo = run(str(bin_dir / "kiosk"), "demo", "--offscreen")
    assert demo.returncode == 2 and "pip install '.[ui]'" in demo.stderr, demo.stderr
