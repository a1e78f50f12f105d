"""Barcode rule patterns, matched by RE2: linear time in the code's length whatever the pattern."""

from __future__ import annotations

from typing import Any

import re2

# Errors come back as exceptions; RE2 would also print each one to standard error.
_OPTIONS = re2.Options()
_OPTIONS.log_errors = False


def compile_rule_pattern(pattern: str) -> Any:
    """The compiled pattern (``fullmatch`` as in ``re``); ValueError saying why it is refused.

    RE2 never backtracks, so a rule like ``(a+)+$`` costs no more than ``a+`` on any scan. The
    price is its syntax: no backreferences (``\\1``) and no look-around (``(?=``, ``(?<=``).
    """
    try:
        return re2.compile(pattern, options=_OPTIONS)
    except re2.error as exc:
        reason = exc.args[0] if exc.args else exc
        if isinstance(reason, bytes):
            reason = reason.decode("utf-8", "replace")
        raise ValueError(
            f"not a usable regular expression: {reason} (RE2 syntax: no backreferences "
            "or look-around)"
        ) from exc
