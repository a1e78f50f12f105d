"""The journal on real SQLite files: order, durability, privacy, purge, migrations."""

from __future__ import annotations

import datetime as dt
import io
import sqlite3
from pathlib import Path

import pytest

from kiosk.domain import ActKind, Credential, EntryState, Told
from kiosk.store.database import JournalUnavailable, create_journal_engine, migrate
from kiosk.store.journal import Journal

ID = "500101199001011234"
ITEM = "33191000105864"
T0 = dt.datetime(2026, 11, 22, 2, 0, tzinfo=dt.UTC)


@pytest.fixture
def journal(tmp_path: Path):
    with Journal(tmp_path / "journal.db") as j:
        yield j


def test_rows_survive_a_reopen_in_order(tmp_path: Path) -> None:
    path = tmp_path / "journal.db"
    with Journal(path) as j:
        late = j.record(
            ActKind.RETURN, ITEM, occurred_at=T0 + dt.timedelta(minutes=5), told=Told.DONE
        )
        early = j.record(ActKind.BORROW, ITEM, patron_id="P-1", occurred_at=T0, told=Told.DONE)
        same_time = j.record(
            ActKind.RENEW, ITEM, patron_id="P-1", occurred_at=T0, told=Told.PROVISIONAL
        )
        in_flight = j.record(ActKind.RETURN, "33191000105872", occurred_at=T0)
    with Journal(path) as j:
        assert [e.txn_id for e in j.pending()] == [early.txn_id, same_time.txn_id, late.txn_id]
        assert j.stats().pending == 4
        assert j.stats().oldest_pending == T0
        # The act in flight when the kiosk stopped was never confirmed: recovery voids it.
        assert j.recover() == 1
        voids = [e.txn_id for e in j.pending() if e.void_requested]
        assert voids == [in_flight.txn_id]
    conn = sqlite3.connect(path)
    assert conn.execute("pragma journal_mode").fetchone()[0] == "wal"
    conn.close()


def test_settled_rows_keep_no_id_number_or_name(journal: Journal, tmp_path: Path) -> None:
    cred = Credential("id_card", ID, "张三", chip_verified=True)
    e = journal.record(ActKind.BORROW, ITEM, credential=cred, offline=True, told=Told.PROVISIONAL)
    assert journal.get(e.txn_id).credential == cred
    assert journal.pending()[0].txn_id == e.txn_id
    journal.settle(
        e.txn_id,
        EntryState.CONFLICT,
        code="patron_blocked",
        patron_id="P-9",
        response={"exceptions": ["patron_blocked"], "routing": {"patron_display": "张*"}},
    )
    settled = journal.get(e.txn_id)
    assert settled.credential is None and settled.patron_id == "P-9"
    assert settled.state == EntryState.CONFLICT and settled.final
    journal.close()
    raw = b"".join(p.read_bytes() for p in tmp_path.glob("journal.db*"))
    assert ID.encode() not in raw and "张三".encode() not in raw and "张*".encode() not in raw


def test_not_done_while_unknown_requests_a_void(journal: Journal) -> None:
    e = journal.record(ActKind.BORROW, ITEM, patron_id="P-1")
    journal.note_attempt(e.txn_id, "timeout after sending")
    told = journal.tell(e.txn_id, Told.NOT_DONE)
    assert told.void_requested and told.state == EntryState.PENDING
    assert journal.pending()[0].void_requested
    journal.settle(e.txn_id, EntryState.VOIDED, code="voided")
    assert journal.pending() == []
    assert journal.stats().counts == {EntryState.VOIDED: 1}


def test_purge_removes_only_old_final_rows(journal: Journal) -> None:
    old = journal.record(ActKind.RETURN, ITEM)
    journal.settle(old.txn_id, EntryState.ACCEPTED, code="ok")
    keep_pending = journal.record(ActKind.RETURN, "33191000105872", occurred_at=T0)
    now = dt.datetime.now(dt.UTC)
    assert journal.purge(30, now=now) == 0
    assert journal.purge(30, now=now + dt.timedelta(days=31)) == 1
    assert journal.get(old.txn_id) is None
    assert journal.get(keep_pending.txn_id) is not None


def test_csv_export_is_masked(journal: Journal) -> None:
    journal.record(ActKind.BORROW, ITEM, credential=Credential("id_card", ID, "张三"))
    journal.record(ActKind.BORROW, ITEM, patron_id="P-000123")
    out = io.StringIO()
    assert journal.export_csv(out) == 2
    text = out.getvalue()
    assert ID not in text and "张三" not in text and "500101********1234" in text


def test_pending_rows_of_the_first_schema_upgrade(tmp_path: Path) -> None:
    path = tmp_path / "journal.db"
    engine = create_journal_engine(path)
    migrate(engine, "0001")
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO journal (txn_id, kind, state, item_barcode, patron_id, occurred_at, "
            "offline, attempts, created_at) VALUES ('11111111-1111-4111-8111-111111111111', "
            "'borrow', 'pending', ?, 'P-1', '2026-11-20 01:00:00', 1, 2, '2026-11-20 01:00:00')",
            (ITEM,),
        )
    engine.dispose()
    with Journal(path) as j:
        (entry,) = j.pending()
    assert entry.txn_id == "11111111-1111-4111-8111-111111111111"
    assert entry.told_patron == Told.DONE and entry.attempts == 2 and entry.offline
    assert entry.occurred_at == dt.datetime(2026, 11, 20, 1, 0, tzinfo=dt.UTC)


def test_an_upgrade_from_0002_keeps_pending_rows_and_counts_them(tmp_path: Path) -> None:
    path = tmp_path / "journal.db"
    engine = create_journal_engine(path)
    migrate(engine, "0002")
    rows = [  # txn_id digit, state, told, void requested, occurred minute, finalized
        (1, "pending", "done", 0, 3, None),
        (2, "accepted", "done", 1, 1, "2026-11-20 01:05:00.000000"),
        (3, "pending", "pending", 0, 2, None),
        (4, "accepted", "done", 0, 0, "2026-11-20 01:05:00.000000"),
        (5, "pending", "provisional", 0, 1, None),
    ]
    with engine.begin() as conn:
        for digit, state, told, void, minute, finalized in rows:
            at = f"2026-11-20 01:0{minute}:00.000000"
            conn.exec_driver_sql(
                "INSERT INTO journal (txn_id, kind, state, item_barcode, occurred_at, offline, "
                "attempts, created_at, told_patron, void_requested, finalized_at) "
                "VALUES (?, 'return', ?, ?, ?, 0, 0, ?, ?, ?, ?)",
                (
                    str(digit) * 8 + "-1111-4111-8111-111111111111",
                    state,
                    ITEM,
                    at,
                    at,
                    told,
                    void,
                    finalized,
                ),
            )
    engine.dispose()
    with Journal(path) as j:
        assert [e.txn_id[0] for e in j.pending()] == ["2", "5", "1"]
        assert [e.txn_id[0] for e in j.earlier_for_item(ITEM, 10)] == ["2", "5", "1"]
        assert j.stats().counts == {EntryState.PENDING: 3, EntryState.ACCEPTED: 2}
        assert j.recover() == 1  # the act in flight when the old version stopped
        assert j.purge(1, now=dt.datetime(2026, 11, 22, 2, tzinfo=dt.UTC)) == 1  # not no. 2
        j.settle(j.pending()[-1].txn_id, EntryState.REJECTED, code="x")
        assert j.stats().counts == {
            EntryState.PENDING: 2,
            EntryState.ACCEPTED: 1,
            EntryState.REJECTED: 1,
        }


def test_unwritable_folder_is_reported(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(JournalUnavailable):
        Journal(blocker / "journal.db").open()


def test_known_title_comes_from_the_latest_answer_naming_the_item(journal: Journal) -> None:
    assert journal.known_title(ITEM) == ""
    borrowed = journal.record(ActKind.BORROW, ITEM, patron_id="P-1", told=Told.DONE)
    loan = {"item": {"barcode": ITEM, "title": "白鹿原"}, "due": "2026-12-22"}
    journal.settle(borrowed.txn_id, EntryState.ACCEPTED, code="ok", response={"loan": loan})
    refused = journal.record(ActKind.BORROW, ITEM, patron_id="P-1", told=Told.NOT_DONE)
    journal.settle(
        refused.txn_id, EntryState.REJECTED, code="item_on_loan_to_other", response={"loan": None}
    )
    assert journal.known_title(ITEM) == "白鹿原"  # a refusal names no item: the earlier answer
    assert journal.known_title("33191000105872") == ""
