"""The journal's queries stay independent of its size: each uses an index SQLite can use (checked
with EXPLAIN QUERY PLAN on the statements the journal really sends), writes are set-based, the
export streams; and the CSV export cannot smuggle a formula into a spreadsheet."""

from __future__ import annotations

import csv
import datetime as dt
import io
import sqlite3
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

from kiosk.domain import ActKind, EntryState, Told
from kiosk.store.journal import Journal, JournalEntry, Settlement

ITEM = "33191000105864"
OTHER = "33191000105872"
T0 = dt.datetime(2026, 11, 22, 2, 0, tzinfo=dt.UTC)
# Partial indexes: scanning one reads only the rows it holds (those the query wants).
PARTIAL = {
    "ix_journal_replay",
    "ix_journal_replay_item",
    "ix_journal_unanswered",
    "ix_journal_errors",
}


@pytest.fixture
def journal(tmp_path: Path):
    with Journal(tmp_path / "journal.db") as j:
        yield j


def statements(journal: Journal, call: Callable[[], object]) -> list[tuple[str, Any, bool]]:
    """The SQL ``call`` sends, with its parameters (the first set of an executemany)."""
    sent: list[tuple[str, Any, bool]] = []

    def capture(_conn, _cursor, sql, params, _context, many) -> None:  # type: ignore[no-untyped-def]
        sent.append((sql, params[0] if many else params, many))

    engine = journal.engine  # the journal's own connections: the statements as sent
    event.listen(engine, "before_cursor_execute", capture)
    try:
        call()
    finally:
        event.remove(engine, "before_cursor_execute", capture)
    return [s for s in sent if s[0].lstrip().split()[0].upper() in ("SELECT", "UPDATE", "DELETE")]


def plans(journal: Journal, call: Callable[[], object]) -> list[str]:
    """EXPLAIN QUERY PLAN's lines on the journal table, for every statement ``call`` sends."""
    sent = statements(journal, call)
    conn = sqlite3.connect(journal.path)
    try:
        lines = [
            row[3]
            for sql, params, _ in sent
            for row in conn.execute("EXPLAIN QUERY PLAN " + sql, params).fetchall()
        ]
    finally:
        conn.close()
    return [line for line in lines if line.split()[1:2] == ["journal"]]


def assert_indexed(lines: list[str], index: str) -> None:
    assert any(f"INDEX {index}" in line for line in lines), lines
    for line in lines:
        # Never the whole table, nor a whole full index: a search, or a partial index's rows.
        assert line.startswith("SEARCH") or line.split()[-1] in PARTIAL, lines


def fill(journal: Journal) -> dict[str, JournalEntry]:
    """One row of each kind the queries tell apart."""
    final = journal.record(ActKind.BORROW, ITEM, patron_id="P-1", occurred_at=T0, told=Told.DONE)
    journal.settle(final.txn_id, EntryState.ACCEPTED, code="ok")
    rows = {
        "final": final,
        "to_replay": journal.record(
            ActKind.RETURN, ITEM, occurred_at=T0 + dt.timedelta(minutes=1), told=Told.DONE
        ),
        "in_flight": journal.record(ActKind.BORROW, OTHER, patron_id="P-2"),
        "void": journal.record(ActKind.BORROW, OTHER, patron_id="P-3", occurred_at=T0),
    }
    journal.note_attempt(rows["void"].txn_id, "timeout after sending")
    journal.tell(rows["void"].txn_id, Told.NOT_DONE)
    return rows


def test_every_query_uses_an_index(journal: Journal) -> None:
    rows = fill(journal)
    assert_indexed(plans(journal, lambda: journal.pending(100)), "ix_journal_replay")
    assert_indexed(
        plans(journal, lambda: journal.earlier_for_item(ITEM, 1_000)), "ix_journal_replay_item"
    )
    stats = plans(journal, journal.stats)
    assert_indexed(stats, "ix_journal_errors")
    assert_indexed(stats, "ix_journal_state_occurred")  # the oldest pending act
    assert_indexed(plans(journal, lambda: journal.purge(30)), "ix_journal_finalized")
    assert_indexed(plans(journal, journal.recover), "ix_journal_unanswered")
    settle = [Settlement(rows["to_replay"].txn_id, EntryState.ACCEPTED, "ok")]
    assert_indexed(plans(journal, lambda: journal.settle_many(settle)), "sqlite_autoindex")


def test_pending_order_and_semantics_are_kept(journal: Journal) -> None:
    rows = fill(journal)
    assert [e.txn_id for e in journal.pending()] == [rows["void"].txn_id, rows["to_replay"].txn_id]
    assert [e.txn_id for e in journal.pending(1)] == [rows["void"].txn_id]


def test_earlier_for_item_gives_the_items_acts_still_to_replay(journal: Journal) -> None:
    rows = fill(journal)
    late = journal.record(ActKind.RENEW, ITEM, occurred_at=T0 - dt.timedelta(hours=1))
    journal.tell(late.txn_id, Told.PROVISIONAL)  # journalled later, happened earlier
    accepted_then_void = journal.record(ActKind.RENEW, ITEM, occurred_at=T0)
    journal.settle(accepted_then_void.txn_id, EntryState.ACCEPTED, code="ok")
    journal.tell(accepted_then_void.txn_id, Told.NOT_DONE)
    in_flight = journal.record(ActKind.RETURN, ITEM, occurred_at=T0)
    current = journal.record(ActKind.BORROW, ITEM, patron_id="P-4")

    earlier = journal.earlier_for_item(ITEM, current.seq)
    assert [e.txn_id for e in earlier] == [
        late.txn_id,
        accepted_then_void.txn_id,
        rows["to_replay"].txn_id,
    ]
    assert in_flight.txn_id not in {e.txn_id for e in earlier}  # still the core's
    # The same rows, in the same order, as pending() gives them for that item.
    assert earlier == [e for e in journal.pending() if e.item_barcode == ITEM]
    assert journal.earlier_for_item(ITEM, rows["to_replay"].seq) == []
    assert [e.txn_id for e in journal.earlier_for_item(OTHER, current.seq)] == [rows["void"].txn_id]


def test_settle_many_is_one_update_and_one_read(journal: Journal) -> None:
    a = journal.record(ActKind.BORROW, ITEM, patron_id="P-1", told=Told.DONE)
    b = journal.record(ActKind.RETURN, OTHER)
    journal.tell(b.txn_id, Told.NOT_DONE)
    c = journal.record(ActKind.BORROW, OTHER, told=Told.PROVISIONAL)
    batch = [
        Settlement(a.txn_id, EntryState.ACCEPTED, "ok", due="2026-12-20", response={"x": 1}),
        Settlement(b.txn_id, EntryState.VOIDED, "voided"),
        Settlement(
            c.txn_id, EntryState.CONFLICT, "patron_blocked", patron_id="P-9", told=Told.DONE
        ),
    ]
    result: list[JournalEntry] = []
    sent = statements(journal, lambda: result.extend(journal.settle_many(batch)))
    assert [(sql.split()[0], many) for sql, _, many in sent] == [
        ("UPDATE", True),
        ("SELECT", False),
    ]
    assert result == [journal.get(s.txn_id) for s in batch]
    ea, eb, ec = result
    assert (ea.state, ea.due, ea.response, ea.patron_id, ea.attempts) == (
        EntryState.ACCEPTED,
        "2026-12-20",
        {"x": 1},
        "P-1",
        1,
    )
    assert eb.state == EntryState.VOIDED and not eb.void_requested
    assert eb.told_patron == Told.NOT_DONE
    assert (ec.patron_id, ec.told_patron, ec.result_code) == ("P-9", Told.DONE, "patron_blocked")
    assert ea.finalized_at == eb.finalized_at == ec.finalized_at is not None


def test_settling_an_unknown_act_settles_nothing(journal: Journal) -> None:
    a = journal.record(ActKind.BORROW, ITEM, patron_id="P-1", told=Told.DONE)
    with pytest.raises(KeyError):
        journal.settle_many(
            [
                Settlement(a.txn_id, EntryState.ACCEPTED, "ok"),
                Settlement("00000000-0000-4000-8000-000000000000", EntryState.ACCEPTED, "ok"),
            ]
        )
    assert journal.get(a.txn_id).state == EntryState.PENDING


def test_recover_voids_every_unanswered_act_at_once(journal: Journal) -> None:
    rows = fill(journal)
    accepted_untold = journal.record(ActKind.RETURN, ITEM)
    journal.settle(accepted_untold.txn_id, EntryState.ACCEPTED, code="ok")
    assert journal.recover() == 2
    for txn_id in (rows["in_flight"].txn_id, accepted_untold.txn_id):
        entry = journal.get(txn_id)
        assert entry.void_requested and entry.told_patron == Told.NOT_DONE
    assert not journal.get(rows["to_replay"].txn_id).void_requested
    assert journal.recover() == 0


def test_stats_counts_follow_every_write(journal: Journal) -> None:
    def counted() -> dict[EntryState, int]:
        conn = sqlite3.connect(journal.path)
        try:
            found = conn.execute("SELECT state, count(*) FROM journal GROUP BY state").fetchall()
        finally:
            conn.close()
        return {EntryState(state): n for state, n in found}

    rows = fill(journal)
    assert journal.stats().counts == counted() == {EntryState.ACCEPTED: 1, EntryState.PENDING: 3}
    assert journal.stats().last_error == "timeout after sending"
    journal.settle(rows["void"].txn_id, EntryState.VOIDED, code="voided")
    assert journal.probe()
    assert journal.stats().counts == counted()
    assert journal.stats().last_error is None
    journal.purge(0, now=dt.datetime.now(dt.UTC) + dt.timedelta(seconds=1))
    assert journal.stats().counts == counted() == {EntryState.PENDING: 2}


def test_purge_deletes_old_final_rows_in_one_statement(journal: Journal) -> None:
    settled = [journal.record(ActKind.RETURN, f"3{i:013d}", told=Told.DONE) for i in range(5)]
    journal.settle_many([Settlement(e.txn_id, EntryState.ACCEPTED, "ok") for e in settled])
    told_not_done = journal.record(ActKind.BORROW, ITEM, patron_id="P-1")
    journal.settle(told_not_done.txn_id, EntryState.ACCEPTED, code="ok")
    journal.tell(told_not_done.txn_id, Told.NOT_DONE)  # its void is still to be sent
    waiting = journal.record(ActKind.RETURN, OTHER, told=Told.DONE)
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=31)
    purged: list[int] = []
    sent = statements(journal, lambda: purged.append(journal.purge(30, now=later)))
    assert purged == [5]
    assert [sql.split()[0] for sql, _, _ in sent] == ["DELETE"]
    assert journal.get(told_not_done.txn_id) is not None
    assert journal.get(waiting.txn_id) is not None


def test_csv_export_neutralises_spreadsheet_formulas(journal: Journal) -> None:
    cells = ['=HYPERLINK("http://x.example","click")', "+1+2", "-3", "@SUM(A1)", "\t=1", "\r=1"]
    for barcode in cells:
        journal.record(ActKind.RETURN, barcode, told=Told.DONE)
    plain = journal.record(ActKind.RETURN, ITEM, told=Told.DONE)
    journal.note_attempt(plain.txn_id, "=cmd|' /C calc'!A0")
    out = io.StringIO()
    assert journal.export_csv(out) == len(cells) + 1
    rows = list(csv.DictReader(io.StringIO(out.getvalue(), newline="")))
    assert [r["item_barcode"] for r in rows] == ["'" + c for c in cells] + [ITEM]
    assert rows[-1]["last_error"] == "'=cmd|' /C calc'!A0"
    assert rows[-1]["attempts"] == "1" and rows[-1]["offline"] == "0"


class CountingSink(io.TextIOBase):
    """A file that keeps nothing: the export's own memory is what is measured."""

    def __init__(self, on_write: Callable[[int], None] = lambda n: None) -> None:
        self.writes = 0
        self.on_write = on_write

    def write(self, s: str) -> int:
        self.writes += 1
        self.on_write(self.writes)
        return len(s)


def test_csv_export_streams_in_constant_memory(journal: Journal) -> None:
    n = 10_000
    conn = sqlite3.connect(journal.path)
    with conn:
        conn.executemany(
            "INSERT INTO journal (txn_id, kind, state, item_barcode, patron_id, occurred_at, "
            "offline, told_patron, void_requested, attempts, created_at, last_error) VALUES "
            "(?, 'return', 'pending', ?, 'P-000123', '2026-11-20 01:00:00.000000', 0, 'done', 0, "
            "0, '2026-11-20 01:00:00.000000', ?)",
            ((f"{i:08x}-0000-4000-8000-000000000000", f"3{i:013d}", "e" * 200) for i in range(n)),
        )
    conn.close()
    tracemalloc.start()
    try:
        assert journal.export_csv(CountingSink()) == n
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # All rows at once would be about 20 MiB (10,000 rows as ORM objects).
    assert peak < 5 * 2**20, f"{peak / 2**20:.1f} MiB"


def test_acts_are_committed_while_an_export_runs(journal: Journal) -> None:
    for i in range(3):
        journal.record(ActKind.RETURN, f"3{i:013d}", told=Told.DONE)
    recorded: list[JournalEntry] = []

    def act_meanwhile(writes: int) -> None:
        if writes == 2:  # the header and the first row are out: the export is reading
            recorded.append(journal.record(ActKind.BORROW, ITEM, patron_id="P-1"))

    assert journal.export_csv(CountingSink(act_meanwhile)) == 3  # its snapshot
    assert len(recorded) == 1 and journal.get(recorded[0].txn_id) is not None
