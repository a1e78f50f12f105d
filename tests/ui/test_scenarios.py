"""Every shipped scenario runs against the full demo app (`kiosk demo --script --offscreen`)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

SCENARIOS = sorted((Path(__file__).resolve().parents[1] / "scenarios").glob("*.scenario"))


@dataclass(frozen=True)
class Figures:
    """What a walk-through costs a patron (docs/WALKTHROUGHS.md), in Chinese, the default."""

    taps: int
    cards: int
    scans: int
    lifts: int
    words: tuple[int, int]  # least, most


# Exact counts of hands on the kiosk and of the words newly on screen: an extra tap or a
# wordier screen fails here. The kiosk's time is only reported.
FIGURES = {
    "walk-first-time": Figures(taps=1, cards=1, scans=3, lifts=1, words=(153, 153)),
    "walk-speech": Figures(taps=4, cards=1, scans=2, lifts=1, words=(153, 153)),
    "walk-returns": Figures(taps=1, cards=0, scans=2, lifts=0, words=(97, 97)),
    "walk-away": Figures(taps=0, cards=1, scans=1, lifts=1, words=(106, 106)),
}


CASES = [pytest.param(path, id=path.stem) for path in SCENARIOS]


@pytest.mark.timeout(180)
@pytest.mark.parametrize("scenario", CASES)
def test_scenario_holds(scenario: Path, tmp_path: Path, regional_template: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    # Run in a scratch folder: screenshots a scenario takes land there, not in the repository.
    # The demo serves a copy of the network seeded once for the run, as the e2e tests do: the
    # demo's own seeding is run by the test below.
    proc = subprocess.run(
        [
            *(sys.executable, "-m", "kiosk", "demo", "--offscreen", "--script", str(scenario)),
            *("--seeded", str(regional_template)),
            *("--report", "report.json"),
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
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert report["held"] is True
    assert "measure: taps=" in proc.stdout
    expected = FIGURES.get(scenario.stem)
    if expected is not None:
        counts = (report["taps"], report["cards"], report["scans"], report["lifts"])
        assert counts == (expected.taps, expected.cards, expected.scans, expected.lifts)
        least, most = expected.words
        assert least <= report["words"] <= most, [a["lines"] for a in report["actions"]]


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
