"""Barcode rules are matched in linear time (RE2): a pattern that would backtrack
catastrophically in Python's ``re`` costs nothing, and what RE2 cannot do is refused at load."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from drivers.barcode.pattern import compile_rule_pattern
from kiosk.config import ConfigError, parse_config

# Each takes 2^n steps in a backtracking engine on n 'a's followed by a mismatch.
ROOT = Path(__file__).resolve().parents[2]
EXPLOSIVE = [r"(a+)+$", r"(a|a)*$", r"(a*)*b", r"(a|aa)+c", r"((a+)+)+\d"]


_SCAN_IN_A_CHILD = """
import sys
from drivers.barcode.classify import BarcodeClassifier
from drivers.settings import BarcodeClassifierSettings, BarcodeRule
rule = BarcodeRule(library="x", pattern=sys.argv[1], check="none")
classifier = BarcodeClassifier(BarcodeClassifierSettings(item_rules=[rule], patron_rules=[]))
for _ in range(100):
    print(classifier.classify("a" * 60 + "!")[0])
print(classifier.classify("a" * 4000 + "!")[0])
"""


@pytest.mark.parametrize("pattern", EXPLOSIVE)
def test_explosive_rule_costs_one_pass(pattern: str) -> None:
    # In a child process: a backtracking engine would need about 2^60 steps per scan and
    # holds the GIL throughout, so only a process can be stopped. The limit is for that case
    # alone; a linear engine needs a fraction of a second.
    try:
        done = subprocess.run(
            [sys.executable, "-c", _SCAN_IN_A_CHILD, pattern],
            capture_output=True,
            text=True,
            timeout=30,
            check=True,
            cwd=ROOT,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"one scan against {pattern!r} did not finish: the engine backtracks")
    assert done.stdout.split() == ["unknown"] * 101


@pytest.mark.parametrize(
    ("pattern", "why"),
    [
        (r"(\d)\1+", "invalid escape sequence"),
        (r"(?=3)\d+", "invalid perl operator"),
        (r"(?<!2)\d+", "invalid perl operator"),
        (r"3(\d", "missing )"),
    ],
)
def test_what_re2_cannot_match_is_refused_at_load_naming_the_key(
    pattern: str, why: str, capfd: pytest.CaptureFixture[str]
) -> None:
    text = (
        '[devices.scanner]\nport = "x"\n'
        f"[[devices.scanner.classifier.item_rules]]\npattern = '{pattern}'\ncheck = 'none'\n"
    )
    with pytest.raises(ConfigError) as info:
        parse_config(text)
    (problem,) = info.value.problems
    assert problem.startswith("devices.scanner.classifier.item_rules.0.pattern: ")
    assert why in problem and "RE2 syntax" in problem
    assert capfd.readouterr().err == ""  # RE2's own logging is off


SIMPLE_RULES = [r"3\d{13}", r"CQ\d{6}", r"[A-Z]{2}\d+", r"(31|32)\d{3,5}", r"P\d{4}|Q\d{2}"]


@given(
    st.sampled_from(SIMPLE_RULES),
    st.text(alphabet="0123456789ACPQZ", max_size=16),
)
def test_re2_agrees_with_re_on_ordinary_rules(pattern: str, code: str) -> None:
    expected = re.fullmatch(pattern, code) is not None
    assert (compile_rule_pattern(pattern).fullmatch(code) is not None) == expected
