"""Rewrite one benchmark's section of docs/BENCHMARKS.md, leaving the others as they are."""

from __future__ import annotations

from pathlib import Path

HEADER = """# Benchmarks

Figures from the project's benchmarks (`make bench` runs them all). Each section says the
command that reproduces it and the machine it ran on. These machines are shared and noisy:
figures are medians (and p99 where it applies) of one run, compared within that run.
The fault and load suites' figures (`make soak`) close the file.
"""


def write_section(path: str | Path, name: str, body: str) -> None:
    path = Path(path)
    text = path.read_text(encoding="utf-8") if path.exists() else HEADER
    start, end = f"<!-- bench:{name}:start -->", f"<!-- bench:{name}:end -->"
    block = f"{start}\n{body.rstrip()}\n{end}"
    if start in text and end in text:
        before, rest = text.split(start, 1)
        _, after = rest.split(end, 1)
        text = before + block + after
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    path.write_text(text, encoding="utf-8")
