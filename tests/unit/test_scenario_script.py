"""Scenario scripts are parsed strictly: every mistake names its line."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.scenario_script import ScriptError, load_script, parse_script

SCENARIOS = Path(__file__).resolve().parents[1] / "scenarios"


def test_a_script_with_every_verb() -> None:
    scenario = parse_script(
        "#! session idle_timeout_s=2 countdown_s=1.5\n"
        "#! sync probe_interval_ms=100\n"
        "# a comment\n"
        "card 500103199003070113\nremove-card\nscan 35001000000031  # trailing comment\n"
        'tap "Borrow books"\nexpect-screen session\nexpect-text "三体"\nexpect-no-text x\n'
        "lang en\nservice down\nunplug scanner\nreplug scanner\ngarbage scanner ff\n"
        "wait 0.5\nscreenshot out.png\npresent 25001000000017\n"
        'expect-text "渝中区图书馆" "Yuzhong District Library"\nexpect-visible card_left\n'
        "expect-hidden access.panel\nexpect-speech screen.home\nexpect-speech 红楼梦\n"
        "put-tag 35001000000031\nlift-tag all\nput-foreign-tag\nput-garbage-tag\n"
        "fail-next-write\nfail-next-write 35001000000031\n"
    )
    assert scenario.session == {"idle_timeout_s": 2.0, "countdown_s": 1.5}
    assert scenario.sync == {"probe_interval_ms": 100.0}
    assert [s.verb for s in scenario.steps][:4] == ["card", "remove-card", "scan", "tap"]
    assert scenario.steps[3].args == ("Borrow books",) and scenario.steps[0].line == 4
    assert scenario.steps[-11].args == ("渝中区图书馆", "Yuzhong District Library")
    verbs = [s.verb for s in scenario.steps]
    assert verbs[-9:-6] == ["expect-hidden", *["expect-speech"] * 2]
    assert verbs[-6:-2] == ["put-tag", "lift-tag", "put-foreign-tag", "put-garbage-tag"]
    assert scenario.steps[-1].args == ("35001000000031",) and scenario.steps[-2].args == ()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("fly away\n", "s:1: unknown command 'fly'"),
        ("card\n", "card takes 1–1 argument"),
        ("expect-screen lobby\n", "no screen called 'lobby'"),
        ("lang fr\n", "lang zh|en"),
        ("wait soon\n", "wait <seconds>"),
        ('expect-text "open\n', "No closing quotation"),
        ("#! session bedtime=3\n", "unknown session setting"),
        ("#! sync batch_size=3\n", "unknown sync setting"),
        ("expect-speech screen.lobby\n", "no prompt called 'screen.lobby'"),
        ("expect-text a b c\n", "expect-text takes 1–2 argument"),
        ("put-tag\n", "put-tag takes 1–1 argument"),
        ("put-garbage-tag E004010000000001\n", "put-garbage-tag takes 0–0 argument"),
    ],
)
def test_mistakes_name_the_line(text: str, message: str) -> None:
    with pytest.raises(ScriptError, match=message.replace("|", r"\|").replace("(", r"\(")):
        parse_script(text, "s")


def test_shipped_scenarios_parse() -> None:
    files = sorted(SCENARIOS.glob("*.scenario"))
    assert len(files) >= 9
    for path in files:
        assert load_script(path).steps, path
