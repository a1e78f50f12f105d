"""A result code this kiosk has never heard of (a newer service) is carried, not a crash: the
core says UNKNOWN and keeps the service's own text; the journal keeps it too."""

from __future__ import annotations

import json
from pathlib import Path

from kiosk.backend.regional_client import RegionalClient
from kiosk.backend.settings import ServiceSettings
from kiosk.core.circulation import Circulation
from kiosk.core.connectivity import ConnectivityMonitor
from kiosk.core.results import Outcome, PatronContext, ResultCode
from kiosk.core.settings import OfflinePolicy
from kiosk.domain import ActKind, Credential, EntryState
from kiosk.store.journal import Journal
from tests.backend.test_answer_fuzz import CannedAdapter

NEW_CODE = "item_quarantined"  # not (yet) in REGIONAL_API.md


def test_parse_knows_every_member_and_nothing_else() -> None:
    for code in ResultCode:
        assert ResultCode.parse(str(code)) is code
    assert ResultCode.parse(NEW_CODE) is ResultCode.UNKNOWN
    assert ResultCode.parse("") is ResultCode.UNKNOWN


def test_an_unknown_rejection_reaches_the_patron_as_unknown_with_its_text(tmp_path: Path) -> None:
    adapter = CannedAdapter()
    adapter.status = 409
    adapter.body = json.dumps({"code": NEW_CODE, "detail": "held for inspection"}).encode()
    client = RegionalClient(ServiceSettings(url="http://127.0.0.1:9", token="t"), adapter=adapter)
    with Journal(tmp_path / "journal.db") as journal:
        circulation = Circulation(journal, client, ConnectivityMonitor(), OfflinePolicy())
        who = PatronContext(Credential("library_card", "L1"), None)
        identify = circulation.identify(who.credential)
        result = circulation.return_item("35001000000015")
        (entry,) = journal.entries()
    client.close()
    assert (identify.code, identify.raw_code, identify.ok) == (ResultCode.UNKNOWN, NEW_CODE, False)
    assert result.kind == ActKind.RETURN and result.outcome == Outcome.REFUSED
    assert (result.code, result.raw_code) == (ResultCode.UNKNOWN, NEW_CODE)
    assert entry.state == EntryState.REJECTED and entry.result_code == NEW_CODE
