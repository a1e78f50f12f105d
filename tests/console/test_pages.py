"""The fleet and statistics pages and the CSV export over HTTP; both languages complete."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

from drivers.events import DeviceReason
from kiosk.config import ROLES
from regional.console.messages import CASES, MESSAGES, Language, out_of_service_words
from tests.console.conftest import Console, heartbeat, this_hour


def test_both_languages_have_every_word() -> None:
    assert MESSAGES[Language.EN].keys() == MESSAGES[Language.ZH].keys()
    assert CASES[Language.EN].keys() == CASES[Language.ZH].keys()
    for language in Language:
        assert all(MESSAGES[language].values()) and all(all(w) for w in CASES[language].values())
    # The Chinese texts are Chinese (none left in English by mistake), but for brand names.
    untranslated = [
        key
        for key, text in MESSAGES[Language.ZH].items()
        if not re.search(r"[\u4e00-\u9fff]", text)
        and key not in {"nav.language", "exc.resolved_by"}
    ]
    assert untranslated == []


def test_every_device_role_a_kiosk_reports_has_a_name() -> None:
    # The fleet page names each device a heartbeat lists; a role without a word showed its code.
    for language in Language:
        missing = [r for r in ROLES if f"device_role.{r}" not in MESSAGES[language]]
        assert missing == [], language
    assert MESSAGES[Language.ZH]["device_role.card_reader"] == "读卡器"
    # And each reason a device gives for not working, in plain words.
    for language in Language:
        missing = [r for r in DeviceReason if f"device_reason.{r.value}" not in MESSAGES[language]]
        assert missing == [], language


def test_the_fleet_shows_each_kiosk_and_a_silent_one_turns_offline(console: Console) -> None:
    heartbeat(console, "CQL", paper="near_end")
    heartbeat(console, "CDL")
    with console.signed_in("ops") as client:
        page = client.get("/console/fleet").text
        assert 'id="kiosk-CQL-K01" class="" data-state="degraded"' in page
        assert 'id="kiosk-CDL-K01" class="" data-state="ok"' in page
        # Kiosks with a token that never reported are offline too.
        assert 'id="kiosk-SCL-K01" class="red" data-state="offline"' in page
        console.clock.advance(dt.timedelta(minutes=2))
        heartbeat(console, "CDL")
        console.clock.advance(dt.timedelta(minutes=2))  # CQL silent 4 min, CDL 2 min
        page = client.get("/console/fleet").text
        assert 'id="kiosk-CQL-K01" class="red" data-state="offline"' in page
        assert 'id="kiosk-CDL-K01" class="" data-state="ok"' in page
    with console.signed_in("cdl") as client:
        page = client.get("/console/fleet").text
        assert "kiosk-CDL-K01" in page and "kiosk-CQL-K01" not in page


def test_statistics_and_their_csv(console: Console) -> None:
    stats = [
        {"hour": this_hour(console), "kind": "borrow", "result": "done", "count": 7},
        {
            "hour": this_hour(console, 1),
            "kind": "borrow",
            "result": "refused",
            "reason": "loan_limit_reached",
            "count": 2,
        },
        {
            "hour": this_hour(console),
            "kind": "return",
            "result": "done",
            "owner_library_id": "CDL",
            "count": 3,
        },
    ]
    heartbeat(console, "CQL", stats=stats)
    heartbeat(
        console, "CDL", stats=[{"hour": this_hour(console), "kind": "renew", "count": 1,
                                "result": "done"}]
    )  # fmt: skip
    with console.signed_in("ops") as client:
        page = client.get("/console/statistics?span=day").text
        assert "loan_limit_reached" in page
        assert re.search(r"<td>CDL</td><td>CQL</td>.*?<td>3</td>", page, re.S)
        answer = client.get("/console/statistics.csv?span=day")
        assert answer.headers["content-type"].startswith("text/csv")
        assert "attachment" in answer.headers["content-disposition"]
        rows = list(csv.DictReader(io.StringIO(answer.text.lstrip("\ufeff"))))
        assert sum(int(r["count"]) for r in rows) == 13
        assert {r["kiosk_id"] for r in rows} == {"CQL-K01", "CDL-K01"}
        # The CSV link asks for what the page was asked for.
        narrowed = client.get("/console/statistics?span=day&library=CQL&kiosk=CQL-K01").text
        assert "statistics.csv?span=day&amp;library=CQL&amp;kiosk=CQL-K01" in narrowed
    with console.signed_in("cdl") as client:
        rows = list(
            csv.DictReader(
                io.StringIO(client.get("/console/statistics.csv?library=CQL").text.lstrip("\ufeff"))
            )
        )
        assert [(r["kiosk_id"], r["count"]) for r in rows] == [("CDL-K01", "1")]


def test_the_fleet_names_each_device_and_why_it_is_down_in_words(console: Console) -> None:
    devices = {
        "id_card_reader": {"state": "connected"},
        "card_reader": {"state": "disconnected", "reason": "port_missing"},
        "printer": {"state": "error", "reason": "paper_out"},
        "scanner": {"state": "error", "reason": "a_reason_of_a_newer_kiosk"},
    }
    heartbeat(console, "CQL", devices=devices, paper="out")
    with console.signed_in("ops") as client:
        page = client.get("/console/fleet").text  # in Chinese, the console's first language
    assert "读卡器: <span" in page and "card_reader" not in page
    assert "(未插好或找不到)" in page and "(缺纸)" in page
    assert "port_missing" not in page and "paper_out" not in page
    assert "(a_reason_of_a_newer_kiosk)" in page  # one it does not know still shows, as sent


def test_why_a_kiosk_is_out_of_service_is_said_in_words() -> None:
    zh, en = Language.ZH, Language.EN
    assert out_of_service_words(zh, "journal_unavailable") == "本机记录无法写入（磁盘）"
    # A required device's role and its reason (or state), as the kiosk's loop names them.
    assert out_of_service_words(en, "scanner_port_missing") == "scanner: unplugged or not found"
    assert out_of_service_words(zh, "id_card_reader_disconnected") == "身份证阅读器: 未连接"
    said = out_of_service_words(en, "card_reader_link_lost")
    assert said == "card reader: cable pulled while in use"
    assert out_of_service_words(en, "维护中") == "维护中"  # unknown: as sent
