"""Network time: the China Standard Time calendar, and when an offline act happened."""

from __future__ import annotations

import datetime as dt

# China keeps one time zone and no daylight saving, so a fixed offset is exact.
NETWORK_TZ = dt.timezone(dt.timedelta(hours=8), "CST")


def local_date(moment: dt.datetime) -> dt.date:
    """The calendar day in the network at ``moment`` (due dates and fines count these)."""
    return moment.astimezone(NETWORK_TZ).date()


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def offline_time(
    occurred_at: dt.datetime,
    kiosk_clock: dt.datetime | None,
    server_now: dt.datetime,
) -> dt.datetime:
    """When an offline act happened, by the service's clock: now less the time the kiosk
    measured since the act (``kiosk_clock`` − ``occurred_at``, both by the kiosk's clock), so
    the kiosk's clock error cancels out however small. Never later than ``server_now``."""
    if kiosk_clock is not None:
        occurred_at = server_now - (kiosk_clock - occurred_at)
    return min(occurred_at, server_now).astimezone(dt.UTC)
