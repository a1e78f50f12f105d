"""Hourly usage counts from a real journal file: acts by what the patron was told, refusals by
code, returns by owning library, and the usage events beside them; kept across a reopen."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from kiosk.core.usage import UsageEvent, UsageKey, UsageKind, UsageResult
from kiosk.domain import ActKind, EntryState, Told
from kiosk.store.journal import Journal
from kiosk.store.usage import hourly_counts, purge_usage, record_usage

ITEM = "33191000105864"
T0 = dt.datetime(2026, 11, 22, 2, 10, tzinfo=dt.UTC)
H2 = dt.datetime(2026, 11, 22, 2, tzinfo=dt.UTC)
H3 = dt.datetime(2026, 11, 22, 3, tzinfo=dt.UTC)


def test_counts_per_hour_from_acts_and_events(tmp_path: Path) -> None:
    path = tmp_path / "journal.db"
    with Journal(path) as j:
        done = j.record(ActKind.BORROW, ITEM, patron_id="P-1", occurred_at=T0)
        j.settle(done.txn_id, EntryState.ACCEPTED, code="ok", told=Told.DONE)
        refused = j.record(ActKind.BORROW, ITEM, patron_id="P-1", occurred_at=T0)
        j.settle(refused.txn_id, EntryState.REJECTED, code="loan_limit_reached", told=Told.NOT_DONE)
        back = j.record(ActKind.RETURN, ITEM, occurred_at=T0 + dt.timedelta(hours=1))
        answer = {"loan": {"item": {"barcode": ITEM, "title": "三体", "owner_library": "CDL"}}}
        j.settle(back.txn_id, EntryState.ACCEPTED, code="ok", response=answer, told=Told.DONE)
        j.record(ActKind.RETURN, ITEM, occurred_at=T0, told=Told.PROVISIONAL)  # offline
        j.record(ActKind.RENEW, ITEM, occurred_at=T0)  # in flight: not counted yet
        record_usage(
            j,
            [
                UsageEvent(UsageKind.SESSION, occurred_at=T0),
                UsageEvent(UsageKind.SESSION, occurred_at=T0),
                UsageEvent(UsageKind.DEVICE_FAULT, reason="scanner", occurred_at=T0),
                UsageEvent(UsageKind.RECEIPT, UsageResult.PRINTED, occurred_at=T0),
            ],
        )
    with Journal(path) as j:
        counts = hourly_counts(j, since=H2)
        assert counts == {
            UsageKey(H2, "borrow", "done", "", ""): 1,
            UsageKey(H2, "borrow", "refused", "loan_limit_reached", ""): 1,
            UsageKey(H3, "return", "done", "", "CDL"): 1,
            UsageKey(H2, "return", "provisional", "", ""): 1,
            UsageKey(H2, "session", "", "", ""): 2,
            UsageKey(H2, "device_fault", "", "scanner", ""): 1,
            UsageKey(H2, "receipt", "printed", "", ""): 1,
        }
        assert set(hourly_counts(j, since=H3)) == {UsageKey(H3, "return", "done", "", "CDL")}

        assert purge_usage(j, 1, now=T0 + dt.timedelta(days=2)) == 4
        assert not any(k.kind == "session" for k in hourly_counts(j, since=H2))
