"""Every code a patron can meet has its own plain words in both languages."""

from __future__ import annotations

from typing import get_args

import pytest

from drivers.events import DeviceReason
from kiosk.core.results import ResultCode
from kiosk.ui.i18n import LanguageSwitch
from kiosk.ui.libraries import library_name
from kiosk.ui.messages import GENERIC, block_text, message, out_of_service_reason
from regional.schemas import RejectionCode

# Nothing the patron can do but ask; UNKNOWN is a code newer than this kiosk.
GENERIC_BY_DESIGN = {ResultCode.VALIDATION_ERROR, ResultCode.INTERNAL_ERROR, ResultCode.UNKNOWN}
WITHOUT_WORDS = {ResultCode.OK}


def test_every_service_rejection_is_a_kiosk_code() -> None:
    # A new rejection code in the service demands a member (and plain words) here.
    for code in get_args(RejectionCode):
        assert ResultCode.parse(code) != ResultCode.UNKNOWN, code


@pytest.fixture(params=["zh_CN", "en"])
def language(request, qapp):
    switch = LanguageSwitch(request.param)
    yield request.param
    switch.close()


def test_each_code_has_its_own_words(language: str) -> None:
    seen = set()
    for code in set(ResultCode) - GENERIC_BY_DESIGN - WITHOUT_WORDS:
        text = message(code)
        assert text and code not in text
        assert text != message("no_such_code"), f"{code} falls back to the generic text"
        seen.add(text)
    for code in GENERIC_BY_DESIGN:
        assert message(code) == message("no_such_code")
    assert message(None) == message("no_such_code")
    if language == "zh_CN":
        assert message("scan_library_label").startswith("这是封面上的 ISBN")
        assert message("no_such_code") != GENERIC  # translated, not the English source
    else:
        assert "library label inside the cover" in message("scan_library_label")


def test_blocks_and_fines(language: str) -> None:
    text = block_text("fines_over_limit", 1500)
    assert "¥15.00" in text
    for code in ("card_expired", "manual_block"):
        assert block_text(code)


@pytest.mark.parametrize(
    "reason",
    [
        f"{role}_{why}"
        for role in ("id_card_reader", "scanner", "card_reader", "rfid_reader")
        for why in ("disconnected", "link_lost", "port_missing", "reader_silent", "sam_fault")
    ]
    + ["journal_unavailable"],
)
def test_out_of_service_reasons_are_named(language: str, reason: str) -> None:
    text = out_of_service_reason(reason)
    assert text and reason not in text
    assert text != message("no_such_code")


@pytest.mark.parametrize("reason", sorted(set(DeviceReason) - {DeviceReason.CLOSED}))
def test_every_device_reason_has_its_own_words(language: str, reason: DeviceReason) -> None:
    # (closed: the kiosk closes its devices only when it shuts down; nobody reads the screen.)
    text = out_of_service_reason(f"scanner_{reason}")
    assert text != out_of_service_reason("scanner_error")


def test_library_names() -> None:
    assert library_name("CDL", "zh_CN") == "成都图书馆"
    assert library_name("CDL", "en") == "Chengdu Library"
    assert library_name("CQU", "en") == "Chongqing University Library"
    assert library_name("XYZ", "en") == "XYZ"


def test_a_book_whose_tag_security_failed_asks_to_be_put_back_on_the_pad(language: str) -> None:
    import datetime as dt

    from kiosk.core.results import Outcome
    from kiosk.core.session import ItemRow, RowSecurity
    from kiosk.domain import ActKind
    from kiosk.ui.row_text import alert_text, row_text

    borrowed = ItemRow(
        ActKind.BORROW,
        "39001234567890",
        pending=False,
        outcome=Outcome.DONE,
        code=ResultCode.OK,
        title="三体",
        due=dt.date(2026, 12, 22),
        tag_uid="E004010000000001",
        security=RowSecurity.NOT_SET,
    )
    text = row_text(borrowed)
    put_back = "请把这本书放回感应区" if language == "zh_CN" else "put this book back on the pad"
    assert put_back in text.detail and text.tone == "warn"
    assert put_back in alert_text(borrowed)
    fine = row_text(ItemRow(**{**borrowed.__dict__, "security": RowSecurity.SET}))
    assert put_back not in fine.detail and fine.tone == "ok"
    returned = row_text(ItemRow(**{**borrowed.__dict__, "kind": ActKind.RETURN}))
    assert put_back in returned.detail
