"""The RFID benchmarks run end to end (one run each) and write their figures into their own
section of a BENCHMARKS.md, leaving the others; the figures are read, never held to a time."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
OTHER = "<!-- bench:ui:start -->\nthe UI's figures\n<!-- bench:ui:end -->\n"


def run_bench(script: str, out: Path) -> str:
    """The bench's section as written to ``out`` (which holds another section before)."""
    out.write_text(f"# Benchmarks\n\n{OTHER}", encoding="utf-8")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    subprocess.run(
        [sys.executable, str(ROOT / "bench" / script), "--runs", "1", "--write", str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
        check=True,
    )
    text = out.read_text(encoding="utf-8")
    assert OTHER in text, "another bench's section was touched"
    name = script.removesuffix(".py").replace("_", "-")
    found = re.search(rf"<!-- bench:{name}:start -->\n(.*)\n<!-- bench:{name}:end -->", text, re.S)
    assert found, f"no {name} section in {text}"
    return found.group(1)


def row(section: str, label: str) -> list[str]:
    """The cells of the table row that starts with ``label``."""
    for line in section.splitlines():
        cells = [c.replace("*", "").strip() for c in line.strip("|").split("|")]
        if cells[0] == label:
            return cells[1:]
    raise AssertionError(f"no row {label!r} in:\n{section}")


def number(cell: str) -> float:
    found = re.match(r"(\d+(?:\.\d+)?)", cell)
    assert found, f"not a figure: {cell!r}"
    return float(found.group(1))


@pytest.mark.timeout(300)
def test_rfid_reader_bench_writes_inventory_figures(tmp_path: Path) -> None:
    section = run_bench("rfid_reader.py", tmp_path / "BENCHMARKS.md")
    assert "Reproduce: `python bench/rfid_reader.py --runs 1`" in section
    wire_ms: dict[int, float] = {}
    for tags in (1, 5, 10):
        total, wait, reading, requests, out_in, wire, paced, _rest = row(section, str(tags))
        assert number(total) > 0 and number(reading) > 0 and number(wait) >= 0
        sent, received = (int(n) for n in out_in.split("/"))
        # An inventory, then system information, blocks and EAS for each tag at least.
        assert number(requests) >= 1 + 3 * tags
        assert sent > 0 and received > 0
        # The wire time is those bytes at 10 bits a byte, 38400 baud.
        assert number(wire) == pytest.approx((sent + received) * 10 / 38400 * 1000, abs=1)
        assert number(paced) == pytest.approx(received * 10 / 38400 * 1000, abs=1)
        wire_ms[tags] = number(wire)
    assert wire_ms[1] < wire_ms[5] < wire_ms[10]  # more tags, more bytes (not a time limit)
    assert re.search(r"5 tags / 1 tag \d+\.\d\d×, 10 tags / 1 tag \d+\.\d\d×", section)
    # Ten tags read: each one's blocks once, no write at all.
    assert re.search(r"READ_MULTIPLE_BLOCKS \d+ ms \(10 requests\)", section)
    assert not re.search(r"WRITE_\w+ \d+ ms", section)


@pytest.mark.timeout(300)
def test_rfid_borrow_bench_writes_stages_to_the_last_row_painted(tmp_path: Path) -> None:
    section = run_bench("rfid_borrow.py", tmp_path / "BENCHMARKS.md")
    assert "Reproduce: `python bench/rfid_borrow.py --runs 1`" in section
    first = number(row(section, "from the put: first row painted")[0])
    accepted = number(row(section, "from the put: last act accepted (its result handled)")[0])
    verified = row(section, "from the put: last security write verified (its result handled)")
    painted = number(row(section, "from the put: last row painted")[0])
    # The order of the stages of one borrow (a row is listed before its book is secured, and
    # the last row is painted once its write is verified), not how long they take.
    assert 0 < first <= painted and accepted <= number(verified[0]) <= painted
    assert number(verified[1]) > 0  # the same borrow without Qt, beside it
    requests = row(section, "the reader's requests")
    # Five tags read (inventory, system information, blocks, EAS) and secured (AFI and EAS,
    # each written and read back), on both sides.
    assert number(requests[0]) >= 5 * 3 + 5 * 4 and number(requests[1]) >= 5 * 3 + 5 * 4
    wire = row(section, "the reader's wire time, both ways (of it paced by the simulator)")
    assert number(wire[0]) > 0 and number(wire[1]) > 0
    # Each book's security switched off once on each side: its AFI written, its EAS reset.
    for write in ("WRITE_AFI", "RESET_EAS"):
        kiosk_requests, _, core_requests, _ = row(section, write)
        assert (kiosk_requests, core_requests) == ("5", "5")
    assert re.search(r"window / without Qt \d+\.\d\d×", section)
