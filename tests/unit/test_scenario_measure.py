"""What a scenario costs a patron: words counted per Han character and per English word, only
when newly on screen; hands on the kiosk counted by kind."""

from __future__ import annotations

import json

from kiosk.scenario_measure import Measure, NewText, count_words, text_lines


def test_han_characters_and_english_words_count_one_each() -> None:
    assert count_words("借书成功，应还日期：2027年1月3日") == 8 + 3 + 3
    assert count_words("Borrowed, due 3 Jan 2027") == 5
    assert count_words("Hello, 张*") == 2
    assert count_words("Scan the library label inside each book's cover.") == 8
    assert count_words("  ·  ") == 0


def test_numbers_are_folded_and_tags_stripped() -> None:
    lines = text_lines(["本页面 5 秒后关闭。", "<b>Thank</b> you!", "a\nb", "· ·"])
    assert lines == {"本页面 # 秒后关闭。": 1, "Thank you!": 1, "a": 1, "b": 1}
    assert count_words("本页面 # 秒后关闭。") == 8  # the folded number is still a word


def test_only_text_newly_on_screen_counts() -> None:
    seen = NewText(["Welcome", "Place your card"])
    assert seen.start_words == 4
    assert seen.look(["Welcome", "Place your card"]) == []
    # A countdown ticking is not new text; a second row of the same words is.
    assert seen.look(["Closes in 5 s", "Borrowed"]) == ["Closes in # s", "Borrowed"]
    assert seen.look(["Closes in 4 s", "Borrowed", "Borrowed"]) == ["Borrowed"]
    # Back to a screen seen before: nothing new to read.
    assert seen.look(["Welcome", "Place your card"]) == []


def test_hands_on_the_kiosk_by_kind_and_one_line_and_json() -> None:
    measure = Measure(language="en")
    verbs = ("tap", "lang", "card", "present", "scan", "scan", "remove-card", "wait")
    # Books put on the RFID pad one by one, lifted at once; a tester's foreign tag is no hand.
    for verb in (*verbs, "put-tag", "put-tag", "put-tag", "lift-tag", "put-foreign-tag"):
        measure.count(verb)
    counts = (measure.taps, measure.cards, measure.scans, measure.tags, measure.lifts)
    assert counts == (2, 2, 2, 3, 2)
    measure.words, measure.kiosk_s = 12, 0.25
    assert measure.line().startswith("measure: taps=2 cards=2 scans=2 tags=3 lifts=2 words=12 ")
    assert json.loads(measure.to_json(held=True))["held"] is True
