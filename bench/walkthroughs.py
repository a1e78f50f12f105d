"""What the patron walk-throughs (tests/scenarios/walk-*.scenario) cost: taps, cards, scans,
words to read in each language, and the kiosk's own time (median of several runs).

Run: .venv/bin/python bench/walkthroughs.py [--runs 3] [--write docs/WALKTHROUGHS.md]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.machine import describe
from bench.report import write_section
from regional.served import seed_data_dir

ROOT = Path(__file__).resolve().parents[1]
WALKS = (
    ("walk-first-time", "(a) first-time patron borrows three books"),
    ("walk-speech", "(b) patron with speech borrows two books"),
    ("walk-returns", "(c) a transit book and a hold book returned"),
    ("walk-away", "(d) idle patron walks away, ID card left on the reader"),
)
LANGUAGES = ("zh", "en")


def run_once(scenario: Path, language: str, template: Path, report: Path) -> dict[str, object]:
    proc = subprocess.run(
        [
            *(sys.executable, "-m", "kiosk", "demo", "--offscreen", "--script", str(scenario)),
            *("--seeded", str(template), "--lang", language, "--report", str(report)),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=report.parent,  # screenshots the scenario takes land there, not in docs/
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    if proc.returncode != 0:
        raise SystemExit(f"{scenario.name} ({language}) failed:\n{proc.stdout}{proc.stderr}")
    figures: dict[str, object] = json.loads(report.read_text(encoding="utf-8"))
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3, help="runs per walk-through and language")
    parser.add_argument("--write", metavar="FILE", help="rewrite the figures section of FILE")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory(prefix="walkthroughs-") as scratch:
        folder = Path(scratch)
        template = seed_data_dir(folder / "template")
        for name, title in WALKS:
            scenario = ROOT / "tests" / "scenarios" / f"{name}.scenario"
            runs: dict[str, list[dict[str, object]]] = {}
            for language in LANGUAGES:
                runs[language] = [
                    run_once(scenario, language, template, folder / f"{name}-{language}-{i}.json")
                    for i in range(args.runs)
                ]
            first = runs["zh"][0]
            words = {
                lang: "/".join(sorted({str(r["words"]) for r in rs})) for lang, rs in runs.items()
            }
            start = {lang: rs[0]["start_words"] for lang, rs in runs.items()}
            times = {
                lang: statistics.median(float(r["kiosk_s"]) for r in rs)  # type: ignore[arg-type]
                for lang, rs in runs.items()
            }
            rows.append(
                f"| {title} | {first['taps']} | {first['cards']} + {first['lifts']} | "
                f"{first['scans']} | {words['zh']} ({start['zh']}) | {words['en']} "
                f"({start['en']}) | {first['spoken']} | {times['zh']:.2f} | {times['en']:.2f} |"
            )
            print(rows[-1], flush=True)
    body = "\n".join(
        [
            "| Walk-through | Taps on screen | Cards + lifts | Scans | Words to read, zh "
            "(home screen) | Words, en (home screen) | Parts said | Kiosk time zh, s | "
            "Kiosk time en, s |",
            "|---|---|---|---|---|---|---|---|---|",
            *rows,
            "",
            f"Kiosk time: median of {args.runs} runs per language. Machine: {describe()}.",
        ]
    )
    print(body)
    if args.write:
        write_section(args.write, "walkthroughs", body)


if __name__ == "__main__":
    main()
