"""The fleet and statistics pages and the CSV export over HTTP; both languages complete."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

from regional.console.messages import CASES, MESSAGES, Language
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
