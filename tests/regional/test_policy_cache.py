"""Libraries' policies are cached per database: a change applies once the cache's time to live
has passed, and a library the cache has not seen yet is read at once."""

from __future__ import annotations

from sqlalchemy import insert, update

from regional.db.models import Library
from regional.db.policies import POLICIES_KEY, PolicyCache
from regional.db.session import Database
from tests.regional.world import POLICY


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_a_changed_policy_applies_once_the_cache_expires(database_url: str) -> None:
    clock = FakeClock()
    cache = PolicyCache(ttl=30.0, clock=clock)
    db = Database(database_url)
    try:
        with db.write() as session, session.begin():
            before = cache.get(session, "CQL")
            assert before is not None and before.loan_days == POLICY["CQL"].loan_days
            session.execute(update(Library).where(Library.id == "CQL").values(loan_days=7))
            clock.now = 29.0
            assert cache.get(session, "CQL") == before
            clock.now = 30.0
            after = cache.get(session, "CQL")
            assert after is not None and after.loan_days == 7
    finally:
        db.dispose()


def test_a_library_the_cache_has_not_seen_is_read_at_once(database_url: str) -> None:
    cache = PolicyCache(ttl=3600.0, clock=FakeClock())
    db = Database(database_url)
    try:
        with db.write() as session, session.begin():
            assert cache.get(session, "NEW") is None
            spec = POLICY["CQL"]
            session.execute(
                insert(Library).values(
                    id="NEW",
                    name_zh="新馆",
                    name_en="New Library",
                    city="重庆",
                    institution_code="5999",
                    loan_days=14,
                    renew_days=spec.renew_days,
                    max_renewals=spec.max_renewals,
                    fine_cents_per_day=spec.fine_cents_per_day,
                    fine_limit_cents=spec.fine_limit_cents,
                    loan_limit=spec.loan_limit,
                    hold_shelf_days=spec.hold_shelf_days,
                    pin_required=spec.pin_required,
                )
            )
            found = cache.get(session, "NEW")
            assert found is not None and found.loan_days == 14
    finally:
        db.dispose()


def test_the_service_sessions_share_one_cache(database_url: str) -> None:
    db = Database(database_url)
    try:
        with db.write() as writer, db.read() as reader:
            assert writer.info[POLICIES_KEY] is db.policies
            assert reader.info[POLICIES_KEY] is db.policies
    finally:
        db.dispose()
