"""Hourly usage counts from the journal (acts) and its usage events (sessions, timeouts, device
faults, receipts): counted from what is on disk, so nothing is lost while offline."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import case, delete, func, literal, select
from sqlalchemy.orm import Session

from kiosk.core.usage import UsageEvent, UsageKey, UsageResult
from kiosk.domain import EntryState, Told
from kiosk.store.database import READ_SNAPSHOT
from kiosk.store.journal import Journal
from kiosk.store.models import JournalRow, UsageEventRow

_HOUR = "%Y-%m-%d %H:00:00"


def record_usage(journal: Journal, events: list[UsageEvent]) -> None:
    """Keep ``events`` in one commit. Raises JournalUnavailable as the journal does."""
    if not events:
        return
    with journal.transaction() as session:
        session.add_all(
            UsageEventRow(
                kind=str(e.kind), result=str(e.result), reason=e.reason, occurred_at=e.occurred_at
            )
            for e in events
        )


def _hour(text: str) -> dt.datetime:
    return dt.datetime.strptime(text, "%Y-%m-%d %H:%M:%S").replace(tzinfo=dt.UTC)


def hourly_counts(journal: Journal, since: dt.datetime) -> dict[UsageKey, int]:
    """Counts per hour since ``since`` (UTC hours the acts happened in). An act counts once the
    patron was told: done, provisional (offline), refused by the library side (with its code),
    or failed. A return counts by its owning library where the service named it."""
    since = since.astimezone(dt.UTC)
    j = JournalRow
    hour = func.strftime(_HOUR, j.occurred_at)
    result = case(
        (j.told_patron == str(Told.DONE), literal(str(UsageResult.DONE))),
        (j.told_patron == str(Told.PROVISIONAL), literal(str(UsageResult.PROVISIONAL))),
        (j.state == str(EntryState.REJECTED), literal(str(UsageResult.REFUSED))),
        else_=literal(str(UsageResult.FAILED)),
    )
    reason = case(
        (j.state == str(EntryState.REJECTED), func.coalesce(j.result_code, "")), else_=literal("")
    )
    owner = case(
        (
            (j.kind == "return") & (func.json_valid(j.response_json) == 1),
            func.coalesce(func.json_extract(j.response_json, "$.loan.item.owner_library"), ""),
        ),
        else_=literal(""),
    )
    acts = (
        select(hour, j.kind, result, reason, owner, func.count())
        # Every state named, so that SQLite reads the window through ix_journal_state_occurred
        # (one range per state) instead of the whole journal.
        .where(
            j.state.in_([str(s) for s in EntryState]),
            j.occurred_at >= since,
            j.told_patron != str(Told.PENDING),
        )
        .group_by(hour, j.kind, result, reason, owner)
    )
    u = UsageEventRow
    event_hour = func.strftime(_HOUR, u.occurred_at)
    events = (
        select(event_hour, u.kind, u.result, u.reason, literal(""), func.count())
        .where(u.occurred_at >= since)
        .group_by(event_hour, u.kind, u.result, u.reason)
    )
    counts: dict[UsageKey, int] = {}
    with Session(journal.engine.execution_options(**{READ_SNAPSHOT: True})) as session:
        for query in (acts, events):
            for h, kind, res, why, own, n in session.execute(query):
                key = UsageKey(_hour(h), kind, res, why or "", str(own or "")[:8])
                counts[key] = counts.get(key, 0) + n
    return counts


def purge_usage(journal: Journal, older_than_days: int, now: dt.datetime | None = None) -> int:
    """Delete usage events older than the settled acts the journal keeps."""
    cutoff = (now or dt.datetime.now(dt.UTC)) - dt.timedelta(days=older_than_days)
    with journal.transaction() as session:
        result = session.execute(delete(UsageEventRow).where(UsageEventRow.occurred_at < cutoff))
        return int(result.rowcount)  # type: ignore[attr-defined]


def last_settled_at(journal: Journal) -> dt.datetime | None:
    """When the service last gave an act its final answer (the last sync that did something)."""
    with Session(journal.engine.execution_options(**{READ_SNAPSHOT: True})) as session:
        value = session.scalar(
            select(func.max(JournalRow.finalized_at)).where(JournalRow.finalized_at.is_not(None))
        )
    return value
