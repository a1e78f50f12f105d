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
from regional.db.models import Credential, Item, Loan, Patron, TransactionRecord
from regional.db.session import Database
from regional.seed import LIBRARIES, add_item, add_library_card_patron, register_person
from regional.services import holds
from regional.services.clock import local_date
from regional.services.credentials import CredentialHasher
from regional.services.patrons import public_id

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
            return PersonCard(public_id(patron.id), number, name)

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
            patron = session.get(Patron, int(patron_id[2:]))
            assert item is not None and patron is not None
            hold = holds.place_hold(session, item, patron, pickup, now())
            if ready:
                holds.make_ready(session, hold, item, now())

    def update_patron(self, patron_id: str, **changes: Any) -> None:
        with self.db.write() as session, session.begin():
            patron = session.get(Patron, int(patron_id[2:]))
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

    def patron_count(self) -> int:
        with self.db.read() as session:
            return len(session.scalars(select(Patron.id)).all())

    def patron_row(self, patron_id: str) -> Patron:
        with self.db.read() as session:
            patron = session.get(Patron, int(patron_id[2:]))
            assert patron is not None
            return patron


class Kiosk:
    """One kiosk at one library, speaking the contract over HTTP."""

    def __init__(self, client: httpx.Client, token: str, library: str) -> None:
        self.client = client
        self.library = library
        self.headers = {"Authorization": f"Bearer {token}"}

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
        if patron_id is not None:
            body["patron_id"] = patron_id
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
