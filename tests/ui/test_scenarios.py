"""Every shipped scenario runs against the full demo app (`kiosk demo --script --offscreen`)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

SCENARIOS = sorted((Path(__file__).resolve().parents[1] / "scenarios").glob("*.scenario"))


@pytest.mark.timeout(180)
@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda p: p.stem)
def test_scenario_holds(scenario: Path, tmp_path: Path, regional_template: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    # Run in a scratch folder: screenshots a scenario takes land there, not in the repository.
    # The demo serves a copy of the network seeded once for the run, as the e2e tests do: the
    # demo's own seeding is run by the test below.
    proc = subprocess.run(
        [
            *(sys.executable, "-m", "kiosk", "demo", "--offscreen", "--script", str(scenario)),
            *("--seeded", str(regional_template)),
        ],
        capture_output=True,
        text=True,
        timeout=170,
        cwd=tmp_path,
        env=env,
    )
    transcript = proc.stdout + proc.stderr
    assert proc.returncode == 0, transcript
    steps = sum(
        1
        for line in scenario.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    )
    assert f"all {steps} steps held" in proc.stdout, transcript
    assert "Traceback" not in transcript, transcript


def test_a_failing_expectation_exits_1_naming_the_line(tmp_path: Path) -> None:
    script = tmp_path / "wrong.scenario"
    script.write_text("expect-screen home\nexpect-screen account\n", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "kiosk", "demo", "--offscreen", "--script", str(script)],
        capture_output=True,
        text=True,
        timeout=170,
        cwd=tmp_path,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "KIOSK_EXPECT_TIMEOUT_S": "1"},
    )
    assert proc.returncode == 1
    assert "FAIL line 2: expect-screen account" in proc.stdout
