"""Trust rules, PINs: wrong PINs counted per card in the database (5 → locked 15 minutes, per
library), an unknown card answered as a wrong PIN, lookups rate-limited per kiosk, and few PIN
hashes at once — across instances too."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any

import httpx
import pytest
from sqlalchemy import update

from patron_identity import pins as pin_hashes
from regional.app import create_app
from regional.db.models import Library, PinAttempts
from regional.services import pins
from tests.regional.conftest import Service
from tests.regional.server import serving
from tests.regional.world import CREDENTIAL_KEY, Kiosk, now


@contextmanager
def another_instance(service: Service, **options: Any) -> Iterator[Kiosk]:
    """A second instance of the service on the same database (own caches, own process state)."""
    app = create_app(service.database_url, credential_key=CREDENTIAL_KEY, **options)
    with serving(app) as url, httpx.Client(base_url=url, timeout=30) as client:
        yield Kiosk(client, service.tokens["CQL"], "CQL")


def _code(response: httpx.Response) -> tuple[int, str]:
    return response.status_code, response.json().get("code", "ok")


def test_five_wrong_pins_lock_the_card_on_every_instance(service: Service) -> None:
    card = service.world.library_card("CQL", pin="2468")
    first = service.kiosk()
    with another_instance(service) as second:
        answers = [
            _code((first if n % 2 else second).lookup("library_card", card, pin=f"{n}{n}{n}{n}"))
            for n in range(5)
        ]
        assert answers == [(401, "pin_invalid")] * 4 + [(423, "pin_locked")]
        locked = second.lookup("library_card", card, pin="2468")  # even the right one
        assert _code(locked) == (423, "pin_locked")
        unlocks_at = dt.datetime.fromisoformat(locked.json()["unlocks_at"])
        assert dt.timedelta(minutes=14) < unlocks_at - now() <= dt.timedelta(minutes=15)
        assert locked.headers["Retry-After"]

        # Fifteen minutes later the right PIN opens it, and the count starts again.
        _unlock(service)
        assert first.lookup("library_card", card, pin="2468").status_code == 200
        assert _code(first.lookup("library_card", card, pin="0000")) == (401, "pin_invalid")


def _unlock(service: Service) -> None:
    with service.world.db.write() as session, session.begin():
        session.execute(update(PinAttempts).values(locked_until=now() - dt.timedelta(seconds=1)))


def test_the_limit_and_the_lock_are_the_librarys(service: Service) -> None:
    with service.world.db.write() as session, session.begin():
        session.execute(
            update(Library)
            .where(Library.id == "CQL")
            .values(pin_max_failures=2, pin_lock_minutes=60)
        )
    card = service.world.library_card("CQL", pin="2468")
    kiosk = service.kiosk()
    assert _code(kiosk.lookup("library_card", card, pin="1111")) == (401, "pin_invalid")
    locked = kiosk.lookup("library_card", card, pin="1111")
    assert _code(locked) == (423, "pin_locked")
    unlocks_at = dt.datetime.fromisoformat(locked.json()["unlocks_at"])
    assert dt.timedelta(minutes=59) < unlocks_at - now() <= dt.timedelta(minutes=60)


def test_an_unknown_card_is_answered_and_locked_as_a_wrong_pin(service: Service) -> None:
    kiosk = service.kiosk()
    known = service.world.library_card("CQL", pin="2468")
    unknown = "25001999999983"
    for _ in range(4):
        wrong = kiosk.lookup("library_card", known, pin="1111")
        stranger = kiosk.lookup("library_card", unknown, pin="1111")
        assert _code(wrong) == _code(stranger) == (401, "pin_invalid")
        assert wrong.json()["detail"] == stranger.json()["detail"]
    assert _code(kiosk.lookup("library_card", unknown, pin="1111")) == (423, "pin_locked")
    # No PIN at all is not a guess: asked for, not counted.
    other = "25001999999975"
    for _ in range(6):
        assert _code(kiosk.lookup("library_card", other)) == (401, "pin_required")


def test_an_unknown_card_costs_the_same_hashing_as_a_known_one(
    service: Service, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Constant work: the wrong-PIN answer for an unknown card comes after one scrypt, as for
    a known card (timing is measured in bench/, never asserted here)."""
    calls: list[str] = []
    real = pin_hashes.verify_pin

    def counted(pin: str, stored: str) -> bool:
        calls.append(stored.split("$")[0])
        return real(pin, stored)

    monkeypatch.setattr(pin_hashes, "verify_pin", counted)
    kiosk = service.kiosk()
    known = service.world.library_card("CQL", pin="2468")
    kiosk.lookup("library_card", known, pin="1111")
    kiosk.lookup("library_card", "25001999999991", pin="1111")
    assert calls == ["scrypt", "scrypt"]


def test_lookups_are_rate_limited_per_kiosk_across_instances(service: Service) -> None:
    person = service.world.person()
    # The budget is per minute of the service's clock: both instances stand still in the
    # middle of one, so the test never straddles two.
    midminute = now().replace(second=30, microsecond=0)
    options = {"lookups_per_minute": 5, "clock": lambda: midminute}
    with (
        another_instance(service, **options) as first,
        another_instance(service, **options) as second,
    ):
        answers = []
        for n in range(7):
            kiosk = first if n % 2 else second
            answers.append(kiosk.lookup("id_card", person.id_number).status_code)
        assert answers[:5] == [200] * 5 and answers[5:] == [429, 429], answers
        refused = first.lookup("id_card", person.id_number)
        assert refused.json()["code"] == "too_many_lookups"
        assert 1 <= int(refused.headers["Retry-After"]) <= 60
        # Another kiosk has its own budget.
        other = Kiosk(first.client, service.tokens["CDL"], "CDL")
        assert other.lookup("id_card", person.id_number).status_code == 200


def test_concurrent_guesses_hash_a_few_at_a_time(
    service: Service, monkeypatch: pytest.MonkeyPatch
) -> None:
    """64 guesses at once (distinct cards, so no card's row serialises them): at most
    MAX_CONCURRENT_HASHES scrypt hashes run together, so memory stays bounded."""
    running = 0
    most = 0
    lock = threading.Lock()
    real = pin_hashes.verify_pin

    def watched(pin: str, stored: str) -> bool:
        nonlocal running, most
        with lock:
            running += 1
            most = max(most, running)
        try:
            return real(pin, stored)
        finally:
            with lock:
                running -= 1

    monkeypatch.setattr(pin_hashes, "verify_pin", watched)
    kiosk = service.kiosk()
    cards = [f"250019999{n:05d}" for n in range(64)]
    with ThreadPoolExecutor(16) as pool:
        codes = list(
            pool.map(lambda c: kiosk.lookup("library_card", c, pin="1234").status_code, cards)
        )
    assert set(codes) <= {401, 503} and codes.count(401) > 0
    assert 1 <= most <= pins.MAX_CONCURRENT_HASHES
