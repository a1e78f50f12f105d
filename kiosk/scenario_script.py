"""Scenario scripts for ``kiosk demo --script``: one command per line, ``#`` comments."""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path

from kiosk.core.speech_script import prompt_keys

SCREENS = (
    "home",
    "identify",
    "pin",
    "session",
    "returns",
    "account",
    "summary",
    "timeout",
    "offline",
    "out-of-service",
    "technician",
)
# verb → (least, most) arguments
VERBS: dict[str, tuple[int, int]] = {
    "card": (1, 1),
    "remove-card": (0, 0),
    "scan": (1, 1),
    "tap": (1, 1),
    "expect-screen": (1, 1),
    # expect-text TEXT [ENGLISH]: ENGLISH, if given, is looked for while the kiosk speaks English.
    "expect-text": (1, 2),
    "expect-no-text": (1, 2),
    "expect-visible": (1, 1),
    "expect-hidden": (1, 1),
    "expect-speech": (1, 1),
    "lang": (1, 1),
    "service": (1, 1),
    "unplug": (1, 1),
    "replug": (1, 1),
    "garbage": (1, 2),
    "wait": (1, 1),
    "screenshot": (1, 1),
    "present": (1, 1),
    "hold": (2, 2),
    # The RFID pad: a demo book's tag by its barcode (or a tag lifted before, by its UID).
    "put-tag": (1, 1),
    "lift-tag": (1, 1),  # <barcode|uid|all>
    "put-foreign-tag": (0, 0),
    "put-garbage-tag": (0, 0),
    "fail-next-write": (0, 1),  # [barcode|uid]: that tag's next write, else any tag's
}


class ScriptError(ValueError):
    """A line that is not a valid command; names the line."""


@dataclass(frozen=True)
class Step:
    line: int
    text: str
    verb: str
    args: tuple[str, ...]


@dataclass(frozen=True)
class Scenario:
    steps: list[Step]
    # "#! session idle_timeout_s=2 countdown_s=2": short timeouts for a scenario, not sleeps.
    session: dict[str, float]
    # "#! technician lockout_s=2 max_attempts=2": the same for technician mode.
    technician: dict[str, float] = field(default_factory=dict)
    # "#! sync probe_interval_ms=100": a sync worker that notices the service back quickly.
    sync: dict[str, float] = field(default_factory=dict)


# "expect-speech screen.home" names a prompt (resources/prompts/prompts.toml); anything else is
# words said aloud (a title).
PROMPT_KEY = re.compile(r"[a-z_]+\.[a-z_]+")
SESSION_KEYS = ("idle_timeout_s", "countdown_s", "summary_s")
TECHNICIAN_KEYS = ("max_attempts", "lockout_s", "idle_timeout_s", "long_press_s")
SYNC_KEYS = ("probe_interval_ms", "backoff_initial_ms")
HEADERS = {"session": SESSION_KEYS, "technician": TECHNICIAN_KEYS, "sync": SYNC_KEYS}


def parse_script(text: str, source: str = "<script>") -> Scenario:
    steps = []
    headers: dict[str, dict[str, float]] = {name: {} for name in HEADERS}
    for number, raw in enumerate(text.splitlines(), start=1):
        words = raw.split()
        if raw.startswith("#!") and len(words) > 1 and words[1] in HEADERS:
            header = words[1]
            for pair in words[2:]:
                key, _, value = pair.partition("=")
                if key not in HEADERS[header]:
                    raise ScriptError(f"{source}:{number}: unknown {header} setting {key!r}")
                try:
                    headers[header][key] = float(value)
                except ValueError:
                    raise ScriptError(f"{source}:{number}: {key} needs a number") from None
            continue
        try:
            words = shlex.split(raw, comments=True)
        except ValueError as exc:
            raise ScriptError(f"{source}:{number}: {exc}") from exc
        if not words:
            continue
        verb, args = words[0].lower(), tuple(words[1:])
        if verb not in VERBS:
            raise ScriptError(f"{source}:{number}: unknown command {verb!r}")
        least, most = VERBS[verb]
        if not least <= len(args) <= most:
            raise ScriptError(f"{source}:{number}: {verb} takes {least}–{most} argument(s)")
        if verb == "expect-screen" and args[0] not in SCREENS:
            raise ScriptError(f"{source}:{number}: no screen called {args[0]!r}")
        speech_key = verb == "expect-speech" and PROMPT_KEY.fullmatch(args[0])
        if speech_key and args[0] not in prompt_keys():
            raise ScriptError(f"{source}:{number}: no prompt called {args[0]!r}")
        if verb == "lang" and args[0] not in ("zh", "en"):
            raise ScriptError(f"{source}:{number}: lang zh|en")
        if verb == "service" and args[0] not in ("down", "up"):
            raise ScriptError(f"{source}:{number}: service down|up")
        if verb in ("wait", "hold"):
            try:
                float(args[-1])
            except ValueError:
                usage = "wait <seconds>" if verb == "wait" else "hold <objectName> <seconds>"
                raise ScriptError(f"{source}:{number}: {usage}") from None
        steps.append(Step(number, raw.strip(), verb, args))
    return Scenario(steps, headers["session"], headers["technician"], headers["sync"])


def load_script(path: str | Path) -> Scenario:
    path = Path(path)
    return parse_script(path.read_text(encoding="utf-8"), str(path))
