"""Test data and a kiosk's view of the service: patrons, items and holds made directly in the
database (as staff systems would), acts sent over HTTP as a kiosk sends them."""

from __future__ import annotations

import datetime as dt
import itertools
import uuid
from dataclasses import dataclass
from typing import Any

import httpx
from sqlalchemy import select, update

from drivers.barcode.classify import make_library_barcode
from patron_identity.id_number import make_id_number
from regional.db.models import (
    Credential,
    Item,
    Loan,
    Patron,
    PatronSession,
    TransactionRecord,
)
from regional.db.session import Database
from regional.seed import LIBRARIES, add_item, add_library_card_patron, register_person
from regional.services import holds, sessions
from regional.services.clock import local_date
from regional.services.credentials import CredentialHasher

CREDENTIAL_KEY = b"test-credential-key-0123456789ab"
INSTITUTIONS = {spec.id: spec.institution_code for spec in LIBRARIES}
POLICY = {spec.id: spec for spec in LIBRARIES}
_serial = itertools.count(1)
UNKNOWN_ITEM = make_library_barcode(3, INSTITUTIONS["CQL"], 99_999_999)  # valid, never made


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True)
class PersonCard:
    patron_id: str
    id_number: str
    name: str


class World:
    """Makes fresh patrons and items for one test; every call gives new, unique ones."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.hasher = CredentialHasher(CREDENTIAL_KEY)
        self.cards: dict[str, PersonCard] = {}  # by public patron id, for offline acts

    def internal_id(self, patron_id: str) -> int:
        """The database's id of the patron the API calls ``patron_id``."""
        with self.db.read() as session:
            return session.scalars(select(Patron.id).where(Patron.public_id == patron_id)).one()

    def open_session(self, patron_id: str, kiosk_id: str, library: str) -> str:
        """A session as a successful lookup at ``kiosk_id`` opens it (tests of the act rules
        that would otherwise need each patron's card and PIN)."""
        number = self.internal_id(patron_id)
        with self.db.write() as session, session.begin():
            return sessions.open_session(session, number, kiosk_id, library, now()).id

    def id_number(self) -> str:
        n = next(_serial)
        return make_id_number(
            "500103", dt.date(1980, 1, 1) + dt.timedelta(days=n // 1000), n % 1000
        )

    def person(self, home: str = "CQL", name: str = "张三", **changes: Any) -> PersonCard:
        number = self.id_number()
        with self.db.write() as session, session.begin():
            patron = register_person(
                session, self.hasher, number, name, home, now(), dt.date(2035, 1, 1)
            )
            for key, value in changes.items():
                setattr(patron, key, value)
            session.flush()
            card = PersonCard(patron.public_id, number, name)
        self.cards[card.patron_id] = card
        return card

    def library_card(self, home: str = "CQL", pin: str | None = "1234", **kw: Any) -> str:
        number = make_library_barcode(2, INSTITUTIONS[home], next(_serial))
        with self.db.write() as session, session.begin():
            add_library_card_patron(
                session, self.hasher, number, "林小雨", home, now(), pin=pin, **kw
            )
        return number

    def item(self, owner: str = "CQL", loanable: bool = True, status: str = "available") -> str:
        barcode = make_library_barcode(3, INSTITUTIONS[owner], next(_serial))
        with self.db.write() as session, session.begin():
            add_item(session, barcode, "三体", "刘慈欣", owner, loanable=loanable, status=status)
        return barcode

    def hold(self, barcode: str, patron_id: str, pickup: str, ready: bool = False) -> None:
        with self.db.write() as session, session.begin():
            item = session.get(Item, barcode)
            patron = session.get(Patron, self.internal_id(patron_id))
            assert item is not None and patron is not None
            hold = holds.place_hold(session, item, patron, pickup, now())
            if ready:
                holds.make_ready(session, hold, item, now())

    def update_patron(self, patron_id: str, **changes: Any) -> None:
        with self.db.write() as session, session.begin():
            patron = session.get(Patron, self.internal_id(patron_id))
            assert patron is not None
            for key, value in changes.items():
                setattr(patron, key, value)

    def backdate_transaction(self, txn_id: str, hours: float) -> None:
        """As if ``txn_id`` had reached the service ``hours`` earlier."""
        with self.db.write() as session, session.begin():
            record = session.get(TransactionRecord, txn_id)
            assert record is not None
            record.received_at -= dt.timedelta(hours=hours)

    def set_card_valid_to(self, id_number: str, valid_to: dt.date | None) -> None:
        key = self.hasher.key_hash("id_card", id_number)
        with self.db.write() as session, session.begin():
            session.execute(
                update(Credential).where(Credential.key_hash == key).values(valid_to=valid_to)
            )

    def card_valid_to(self, id_number: str) -> tuple[dt.date | None, str | None]:
        key = self.hasher.key_hash("id_card", id_number)
        with self.db.read() as session:
            row = session.execute(
                select(Credential.valid_to, Credential.valid_to_reported_by).where(
                    Credential.key_hash == key
                )
            ).one()
            return row[0], row[1]

    def age_loan(self, barcode: str, by: dt.timedelta) -> None:
        """As if the open loan of ``barcode`` had begun ``by`` earlier (an online act is dated
        by the service's clock, so tests age loans here)."""
        with self.db.write() as session, session.begin():
            loan = session.scalars(
                select(Loan).where(Loan.item_barcode == barcode, Loan.returned_at.is_(None))
            ).one()
            loan.borrowed_at -= by
            loan.due -= dt.timedelta(days=by.days)

    def age_sessions(self, *, idle: dt.timedelta, opened: dt.timedelta) -> None:
        """As if every patron session had been last used ``idle`` ago and opened ``opened``
        ago (the service's expiry runs by its own clock)."""
        with self.db.write() as session, session.begin():
            for row in session.scalars(select(PatronSession)):
                row.last_used_at -= idle
                row.created_at -= opened

    def patron_count(self) -> int:
        with self.db.read() as session:
            return len(session.scalars(select(Patron.id)).all())

    def patron_row(self, patron_id: str) -> Patron:
        with self.db.read() as session:
            patron = session.get(Patron, self.internal_id(patron_id))
            assert patron is not None
            return patron


class Kiosk:
    """One kiosk at one library, speaking the contract over HTTP. With the ``world`` and its
    kiosk id it names patrons as a kiosk does: by their session online (opened as a lookup
    here would), by their card offline."""

    def __init__(
        self,
        client: httpx.Client,
        token: str,
        library: str,
        world: World | None = None,
        kiosk_id: str | None = None,
    ) -> None:
        self.client = client
        self.library = library
        self.headers = {"Authorization": f"Bearer {token}"}
        self.world = world
        self.kiosk_id = kiosk_id
        self._sessions: dict[str, str] = {}

    def session_for(self, patron_id: str) -> str:
        if patron_id not in self._sessions:
            assert self.world is not None and self.kiosk_id is not None
            self._sessions[patron_id] = self.world.open_session(
                patron_id, self.kiosk_id, self.library
            )
        return self._sessions[patron_id]

    def card_of(self, patron_id: str) -> dict[str, Any]:
        """The credential and chip block of an offline act by ``patron_id``."""
        assert self.world is not None
        card = self.world.cards[patron_id]
        return {
            "credential": {"kind": "id_card", "value": card.id_number},
            "id_card": {"name": card.name, "valid_to": "2035-01-01"},
        }

    def post(self, path: str, body: Any, **headers: str) -> httpx.Response:
        return self.client.post(f"/v1{path}", json=body, headers={**self.headers, **headers})

    def get(self, path: str) -> httpx.Response:
        return self.client.get(f"/v1{path}", headers=self.headers)

    def lookup(self, kind: str, value: str, **extra: Any) -> httpx.Response:
        """A lookup as a kiosk makes it: an ID card comes with its chip block (``id_card=None``
        leaves it out, as an attacker typing a number would)."""
        if kind == "id_card" and "id_card" not in extra:
            extra["id_card"] = {"name": "张三", "valid_to": "2035-01-01"}
        if extra.get("id_card", True) is None:
            del extra["id_card"]
        return self.post("/patrons/lookup", {"credential": {"kind": kind, "value": value}, **extra})

    def txn(
        self,
        kind: str,
        barcode: str,
        patron_id: str | None = None,
        *,
        at: dt.datetime | None = None,
        txn_id: str | None = None,
        **extra: Any,
    ) -> dict[str, Any]:
        body: dict[str, Any] = {
            "txn_id": txn_id or str(uuid.uuid4()),
            "kind": kind,
            "item_barcode": barcode,
            "occurred_at": (at or now()).isoformat(),
            **extra,
        }
        if patron_id is not None and kind != "return":
            if body.get("offline"):
                if "credential" not in body:
                    body.update(self.card_of(patron_id))
            elif "session" not in body:
                body["session"] = self.session_for(patron_id)
        return body

    def act(
        self, kind: str, barcode: str, patron_id: str | None = None, **kw: Any
    ) -> dict[str, Any]:
        response = self.post("/transactions", self.txn(kind, barcode, patron_id, **kw))
        assert response.status_code == 200, response.text
        result: dict[str, Any] = response.json()
        return result

    def borrow(self, patron_id: str, barcode: str, **kw: Any) -> dict[str, Any]:
        return self.act("borrow", barcode, patron_id, **kw)

    def give_back(self, barcode: str, **kw: Any) -> dict[str, Any]:
        return self.act("return", barcode, **kw)

    def renew(self, patron_id: str, barcode: str, **kw: Any) -> dict[str, Any]:
        return self.act("renew", barcode, patron_id, **kw)

    def void(self, txn_id: str) -> httpx.Response:
        return self.client.delete(f"/v1/transactions/{txn_id}", headers=self.headers)

    def account(self, card: PersonCard) -> dict[str, Any]:
        response = self.lookup("id_card", card.id_number)
        assert response.status_code == 200, response.text
        result: dict[str, Any] = response.json()
        return result

    def item(self, barcode: str) -> dict[str, Any]:
        response = self.get(f"/items/{barcode}")
        assert response.status_code == 200, response.text
        result: dict[str, Any] = response.json()
        return result


def today() -> dt.date:
    """The network's calendar day (UTC+8), which due dates use, whatever this machine's zone."""
    return local_date(now())
