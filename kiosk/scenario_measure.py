"""What a scenario costs a patron: taps, cards, scans, books put on the RFID pad, words to read
and the kiosk's own time."""

from __future__ import annotations

import html
import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field

# Verbs that are a patron's hand on the kiosk, by kind. Tester actions (service, unplug,
# garbage …) and `wait` are not the patron's and stop an action's clock.
TAP_VERBS = frozenset({"tap", "lang", "hold"})
CARD_VERBS = frozenset({"card", "present"})
SCAN_VERBS = frozenset({"scan"})
TAG_VERBS = frozenset({"put-tag"})  # a book put down on the pad
LIFT_VERBS = frozenset({"remove-card", "lift-tag"})  # a card, or books, lifted
PATRON_VERBS = TAP_VERBS | CARD_VERBS | SCAN_VERBS | TAG_VERBS | LIFT_VERBS
# Expectations that wait for the kiosk to show (or say) something: they stop the clock.
ARRIVAL_VERBS = frozenset(
    {"expect-screen", "expect-text", "expect-visible", "expect-hidden", "expect-speech"}
)
# Steps that take time of their own, not the kiosk's: left out of an action's clock.
UNTIMED_VERBS = frozenset({"screenshot", "expect-no-text"})

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f"
# One Han character is a word; so is a run of letters or digits (with inner ' or -), and a
# number folded to # (see text_lines).
_WORD = re.compile(rf"#|[{_HAN}]|(?:(?![{_HAN}])\w)+(?:['’-](?:(?![{_HAN}])\w)+)*")
_TAG = re.compile(r"<[a-zA-Z/!][^>]*>")
_DIGITS = re.compile(r"\d+")


def count_words(text: str) -> int:
    """Han characters one each, other words (letters or digits) one each; punctuation none."""
    return len(_WORD.findall(text))


def text_lines(texts: Iterable[str]) -> Counter[str]:
    """The lines of the texts on screen, each once per place it shows, tags stripped. Numbers
    are folded (``#``): a countdown ticking or a count going up is not new text to read."""
    lines: Counter[str] = Counter()
    for text in texts:
        if _TAG.search(text):
            text = html.unescape(_TAG.sub(" ", text.replace("<br>", "\n")))
        for line in text.splitlines():
            line = " ".join(line.split())
            if count_words(line):
                lines[_DIGITS.sub("#", line)] += 1
    return lines


class NewText:
    """Counts the words of lines that appear on screen: a line counts when it shows more often
    than it has at any earlier look (a second 'Borrowed' row counts; the home screen coming
    back at the end does not)."""

    def __init__(self, texts: Iterable[str]) -> None:
        self._most = text_lines(texts)
        self.start_words = sum(count_words(line) * n for line, n in self._most.items())

    def look(self, texts: Iterable[str]) -> list[str]:
        """The lines newly on screen since the earlier looks."""
        new: list[str] = []
        for line, n in text_lines(texts).items():
            extra = n - self._most[line]
            if extra > 0:
                new += [line] * extra
                self._most[line] = n
        return new


@dataclass
class ActionFigures:
    """A step that is not an expectation: a patron's action, or a `wait` or tester's act
    (``patron`` False: no clock, but the words that show after it count)."""

    line: int
    text: str
    patron: bool = True
    words: int = 0  # newly on screen until the next such step
    kiosk_s: float = 0.0  # from a patron action until the last thing expected after it
    lines: list[str] = field(default_factory=list)  # the new text, numbers folded to #


@dataclass
class Measure:
    language: str = ""
    taps: int = 0
    cards: int = 0
    scans: int = 0
    tags: int = 0  # books put on the RFID pad
    lifts: int = 0
    start_words: int = 0  # the first screen, before any action
    words: int = 0
    kiosk_s: float = 0.0
    spoken: int = 0  # parts said aloud (prompts and spoken titles/dates)
    said: list[str] = field(default_factory=list)  # their prompt keys and words, in order
    actions: list[ActionFigures] = field(default_factory=list)

    def count(self, verb: str) -> None:
        if verb in TAP_VERBS:
            self.taps += 1
        elif verb in CARD_VERBS:
            self.cards += 1
        elif verb in SCAN_VERBS:
            self.scans += 1
        elif verb in TAG_VERBS:
            self.tags += 1
        elif verb in LIFT_VERBS:
            self.lifts += 1

    def line(self) -> str:
        """One machine-readable line."""
        return (
            f"measure: taps={self.taps} cards={self.cards} scans={self.scans} tags={self.tags} "
            f"lifts={self.lifts} words={self.words} start_words={self.start_words} "
            f"spoken={self.spoken} kiosk_s={self.kiosk_s:.3f} language={self.language}"
        )

    def to_json(self, **extra: object) -> str:
        data = {**asdict(self), **extra}
        data["kiosk_s"] = round(self.kiosk_s, 4)
        for action in data["actions"]:
            action["kiosk_s"] = round(action["kiosk_s"], 4)
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
