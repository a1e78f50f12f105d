"""Statistics from the kiosks' hourly counts (kiosk_stats_hourly): acts per hour or day, by
library and kiosk, refusals by reason, returns by owning vs returning library, and CSV."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from regional.db.models import KioskStatsHourly as Stats
from regional.services.clock import NETWORK_TZ

ACT_KINDS = ("borrow", "return", "renew")
CSV_COLUMNS = (
    "hour_utc",
    "library_id",
    "kiosk_id",
    "kind",
    "result",
    "reason",
    "owner_library_id",
    "count",
)


class Span(StrEnum):
    DAY = "day"  # the last 24 hours, per hour
    WEEK = "week"  # the last 7 days, per day
    MONTH = "month"  # the last 30 days, per day


@dataclass(frozen=True)
class Filter:
    span: Span
    library: str | None
    kiosk: str | None

    def since(self, now: dt.datetime) -> dt.datetime:
        hour = now.replace(minute=0, second=0, microsecond=0)
        if self.span == Span.DAY:
            return hour - dt.timedelta(hours=23)
        days = 7 if self.span == Span.WEEK else 30
        local_midnight = now.astimezone(NETWORK_TZ).replace(
            hour=0, minute=0, second=0, microsecond=0
        )
        return (local_midnight - dt.timedelta(days=days - 1)).astimezone(dt.UTC)


@dataclass(frozen=True)
class Bucket:
    label: str
    counts: dict[str, int]  # by kind

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True)
class Report:
    buckets: list[Bucket]
    by_kiosk: list[tuple[str, str, dict[str, int]]]  # library, kiosk, counts by kind
    refusals: list[tuple[str, str, int]]  # kind, reason, count
    cross_returns: list[tuple[str, str, int]]  # owning library, returning library, count
    totals: dict[str, int]  # by kind

    @property
    def busiest(self) -> int:
        return max((b.total for b in self.buckets), default=0)


def _scoped(query: Any, where: Filter, now: dt.datetime) -> Any:
    query = query.where(Stats.hour >= where.since(now), Stats.hour <= now)
    if where.library:
        query = query.where(Stats.library_id == where.library)
    if where.kiosk:
        query = query.where(Stats.kiosk_id == where.kiosk)
    return query


def report(session: Session, where: Filter, now: dt.datetime) -> Report:
    total = func.sum(Stats.count)
    acts = Stats.kind.in_(ACT_KINDS)
    per_hour = session.execute(
        _scoped(select(Stats.hour, Stats.kind, total), where, now)
        .where(acts)
        .group_by(Stats.hour, Stats.kind)
    )
    buckets = _buckets(where, now, list(per_hour))
    by_kiosk: dict[tuple[str, str], dict[str, int]] = defaultdict(dict)
    for library, kiosk, kind, count in session.execute(
        _scoped(select(Stats.library_id, Stats.kiosk_id, Stats.kind, total), where, now)
        .where(acts)
        .group_by(Stats.library_id, Stats.kiosk_id, Stats.kind)
    ):
        by_kiosk[(library, kiosk)][kind] = int(count)
    refusals = [
        (kind, reason, int(count))
        for kind, reason, count in session.execute(
            _scoped(select(Stats.kind, Stats.reason, total), where, now)
            .where(acts, Stats.result == "refused")
            .group_by(Stats.kind, Stats.reason)
        )
    ]
    cross = [
        (owner, returning, int(count))
        for owner, returning, count in session.execute(
            _scoped(select(Stats.owner_library_id, Stats.library_id, total), where, now)
            .where(
                Stats.kind == "return",
                Stats.owner_library_id != "",
                Stats.owner_library_id != Stats.library_id,
            )
            .group_by(Stats.owner_library_id, Stats.library_id)
        )
    ]
    totals: dict[str, int] = defaultdict(int)
    for bucket in buckets:
        for kind, count in bucket.counts.items():
            totals[kind] += count
    return Report(
        buckets=buckets,
        by_kiosk=[(lib, kiosk, counts) for (lib, kiosk), counts in sorted(by_kiosk.items())],
        refusals=sorted(refusals, key=lambda r: -r[2]),
        cross_returns=sorted(cross, key=lambda r: -r[2]),
        totals=dict(totals),
    )


def _buckets(where: Filter, now: dt.datetime, rows: list[tuple[Any, ...]]) -> list[Bucket]:
    """Every hour (or local day) of the span, empty ones too, so the chart's gaps show."""
    since = where.since(now)
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    labels: list[str] = []
    if where.span == Span.DAY:
        step = since
        while step <= now:
            labels.append(step.astimezone(NETWORK_TZ).strftime("%m-%d %H:00"))
            step += dt.timedelta(hours=1)
        for hour, kind, count in rows:
            label = hour.astimezone(NETWORK_TZ).strftime("%m-%d %H:00")
            counts[label][kind] += int(count)
    else:
        day = since.astimezone(NETWORK_TZ).date()
        while day <= now.astimezone(NETWORK_TZ).date():
            labels.append(day.strftime("%m-%d"))
            day += dt.timedelta(days=1)
        for hour, kind, count in rows:
            counts[hour.astimezone(NETWORK_TZ).strftime("%m-%d")][kind] += int(count)
    return [Bucket(label, dict(counts.get(label, {}))) for label in labels]


def csv_rows(session: Session, where: Filter, now: dt.datetime) -> Iterator[tuple[Any, ...]]:
    """The hourly counts behind the page, one row each, for a spreadsheet."""
    query = _scoped(
        select(
            Stats.hour,
            Stats.library_id,
            Stats.kiosk_id,
            Stats.kind,
            Stats.result,
            Stats.reason,
            Stats.owner_library_id,
            Stats.count,
        ),
        where,
        now,
    ).order_by(Stats.hour, Stats.library_id, Stats.kiosk_id, Stats.kind)
    for row in session.execute(query.execution_options(yield_per=1000)):
        hour = row[0].astimezone(dt.UTC).strftime("%Y-%m-%dT%H:00:00Z")
        yield (hour, *row[1:])
