"""The receipt's content from a session's rows: what is on it, in which order, and a QR
payload that stays scannable for a long session."""

from __future__ import annotations

import datetime as dt

from kiosk.core.receipt import QR_MAX_BYTES, build_receipt, wrap
from kiosk.core.results import Outcome, ResultCode
from kiosk.core.session import ItemRow, SessionView
from kiosk.domain import ActKind

WHEN = dt.datetime(2026, 12, 4, 9, 5)


def _done(kind: ActKind, n: int, title: str = "三体", **more: object) -> ItemRow:
    values: dict[str, object] = dict(pending=False, outcome=Outcome.DONE, code=ResultCode.OK)
    values.update(more)
    return ItemRow(kind, f"3900123456{n:04d}", title=title, **values)  # type: ignore[arg-type]


def _build(view: SessionView, language: str = "zh_CN"):  # type: ignore[no-untyped-def]
    return build_receipt(view, kiosk_id="K1", library_id="XYZ", language=language, when=WHEN)


def test_returns_alone_need_no_patron_and_an_unknown_library_is_its_id() -> None:
    receipt = _build(SessionView(rows=(_done(ActKind.RETURN, 1, routing_action="shelve"),)))
    assert receipt.library == "XYZ"
    assert not any(line.startswith("读者") for line in receipt.lines)
    assert receipt.lines[-1] == "   去向：还书车"


def test_only_done_books_in_kind_order() -> None:
    rows = (
        _done(ActKind.RETURN, 1),
        _done(ActKind.RENEW, 2, due=dt.date(2027, 1, 1)),
        _done(ActKind.BORROW, 3, outcome=Outcome.FAILED),
        _done(ActKind.BORROW, 4, due=dt.date(2027, 1, 2)),
        ItemRow(ActKind.BORROW, "39001234560005"),
    )
    receipt = _build(SessionView(patron_name="李四", rows=rows), "en")
    assert [i.barcode[-1] for i in receipt.items] == ["4", "2", "1"]
    assert "Patron: 李*" in receipt.lines
    assert "Time: 2026-12-04 09:05" in receipt.lines
    assert receipt.lines[3:5] == ("Borrowed: 1", "1. 三体")


def test_a_long_session_keeps_its_qr_code_small() -> None:
    rows = tuple(_done(ActKind.BORROW, n, "长" * 40, due=dt.date(2027, 1, 1)) for n in range(30))
    receipt = _build(SessionView(patron_name="王五", rows=rows))
    data = receipt.qr_payload.encode("utf-8")
    assert len(data) <= QR_MAX_BYTES
    assert receipt.qr_payload.endswith("…")
    assert "读者：王*" in receipt.qr_payload and "39001234560000" in receipt.qr_payload
    assert len(receipt.lines) > 60  # the paper still lists every book in full


def test_wrap_counts_a_hanzi_as_two_columns() -> None:
    assert wrap("三体" * 10, 10) == ["三体三体三", "体三体三体", "三体三体三", "体三体三体"]
    assert wrap("", 10) == [""]


def test_control_characters_never_reach_the_qr_payload() -> None:
    rows = (_done(ActKind.BORROW, 1, "三体\x10\x04\x02卷一", due=dt.date(2027, 1, 1)),)
    receipt = _build(SessionView(patron_name="\x1b张三", rows=rows))
    assert not any(ord(c) < 0x20 for c in receipt.qr_payload.replace("\n", ""))
    assert "1. 三体   卷一" in receipt.lines and "读者：张*" in receipt.lines
