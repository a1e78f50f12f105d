"""Fuzzing the config loader: any text, any structure — a KioskConfig or a ConfigError, never
a crash; every problem names a key."""

from __future__ import annotations

import tomlkit
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.config import ConfigError, parse_config

KEYS = [
    "devices",
    "scanner",
    "id_card_reader",
    "card_reader",
    "port",
    "baudrate",
    "terminator",
    "service",
    "url",
    "token",
    "offline",
    "max_items_per_patron",
    "logging",
    "level",
    "classifier",
    "item_rules",
    "pattern",
    "check",
    "ui",
    "language",
    "x",
    "technician",
    "pin_hash",
    "session",
    "idle_timeout_s",
]
scalars = st.one_of(
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.text(max_size=12),
    st.sampled_from(["cr", "crlf", "9600", "auto", "*"]),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.sampled_from(KEYS), inner, max_size=4)
    ),
    max_leaves=12,
)
documents = st.dictionaries(st.sampled_from(KEYS), values, max_size=5)


def _check(text: str) -> None:
    try:
        parse_config(text)
    except ConfigError as exc:
        assert exc.problems and all(isinstance(p, str) and p for p in exc.problems)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents)
def test_any_structure_loads_or_names_its_problems(doc: dict) -> None:
    try:
        text = tomlkit.dumps(doc)
    except Exception:  # a structure TOML itself cannot hold: nothing to test
        return
    _check(text)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_any_text_loads_or_names_its_problems(text: str) -> None:
    _check(text)
