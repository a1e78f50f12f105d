"""Everything the demo runs besides the window: a seeded local service and simulated devices."""

from __future__ import annotations

import datetime as dt
import logging
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import tomlkit

from drivers.idcard.demo_cards import DEMO_CARDS
from drivers.sim.console import SimulatorConsole
from drivers.sim.rfid_sim import RfidPadSimulator
from kiosk.backend.settings import ServiceSettings
from kiosk.backend.sip2.settings import BackendChoice, BackendKind, Sip2Settings
from kiosk.commands.run_cmd import simulated
from kiosk.config import KioskConfig, KioskIdentity, parse_config
from kiosk.core.settings import JournalSettings, TechnicianSettings
from kiosk.demo_fleet import DemoFleet, FleetKiosk
from kiosk.demo_tags import DemoPad
from patron_identity.id_number import make_id_number
from patron_identity.kinds import CredentialKind
from patron_identity.pins import hash_pin
from regional.seed import DEMO_STAFF_PASSWORD, LIBRARIES, LIBRARY_CARDS, library_card_number
from regional.served import ServedRegional, seed_data_dir
from regional.services.credentials import CredentialHasher
from regional.settings import load_credential_key

if TYPE_CHECKING:
    from sip2_library.demo import DemoDialect, DemoLibrarySystem

log = logging.getLogger(__name__)

# The demo kiosk's library (a regional id; over SIP2 the institution) and its id, which its
# service token is for (the service takes a kiosk's heartbeat only under its own id).
DEMO_LIBRARY = "CQL"
DEMO_KIOSK = "CQL-DEMO"

DEMO_DEVICES = f"""
[devices.id_card_reader]
port = "kiosksim://placeholder"
poll_interval_ms = 200
[devices.scanner]
port = "kiosksim://placeholder"
[devices.card_reader]
port = "kiosksim://placeholder"
[devices.rfid_reader]
port = "kiosksim://placeholder"
[devices.printer]
port = "kiosksim://placeholder"
[rfid]
network_libraries = [{", ".join(f'"{spec.id}"' for spec in LIBRARIES)}]
"""


# The demo's technician PIN (a real kiosk sets its own with `kiosk config set-pin`).
DEMO_TECHNICIAN_PIN = "2468"


@dataclass(frozen=True)
class DemoBook:
    barcode: str
    title: str
    owner: str
    status: str


class BookFlow(Enum):
    """What scanning a book at the demo kiosk leads to (the service's routing, read ahead)."""

    BORROW = "borrow"  # available: lent to the patron whose card is on the reader
    NOT_FOR_LOAN = "not_for_loan"  # a reference copy: borrowing is refused
    SHELVE = "shelve"  # on loan, owned here, nobody waiting: back on the shelf
    TRANSIT = "transit"  # on loan, owned elsewhere, nobody waiting: home to its owner
    HOLD_HERE = "hold_here"  # on loan, a reader waits here: the hold shelf
    HOLD_TRANSIT = "hold_transit"  # on loan, a reader waits elsewhere: to that library
    LOST_FOUND = "lost_found"  # a copy marked lost turns up: checked in and sent on


@dataclass(frozen=True)
class BookGroup:
    flow: BookFlow
    label: str  # what a tester reads: the outcome, with the library it goes to
    library: str | None  # the id of the library a return goes to
    library_name: str
    books: tuple[DemoBook, ...]


@dataclass(frozen=True)
class DemoCardHolder:
    """A card the tester panel offers, with short notes on its holder's account."""

    number: str
    name: str
    notes: tuple[str, ...]
    pin: str | None = None  # a library card's


@dataclass(frozen=True)
class DemoLibraryCard:
    number: str
    pin: str
    name: str


# The seeded library cards (林小雨 first: a plain one), with the numbers the seed gives them.
_HOMES = {spec.id: spec for spec in LIBRARIES}
DEMO_LIBRARY_CARDS = tuple(
    DemoLibraryCard(library_card_number(_HOMES[c.home], c.sequence), c.pin, c.name)
    for c in LIBRARY_CARDS
)
# First-time residents: region codes of the network, numbers the seed never gives (its
# sequence numbers are below 200).
_NEW_RESIDENT_REGIONS = ("500103", "510104", "500112", "510107")


class LibrarySide(Protocol):
    """What the tester panel and a scenario's `service up|down` switch: the regional service,
    or the library system's SIP2 server."""

    @property
    def running(self) -> bool: ...

    def start(self) -> None: ...

    def stop(self) -> None: ...


class DemoEnvironment:
    """A seeded reference service in its own folder and the simulated devices; with
    ``backend`` SIP2, a library system copied from the same seeded network and served over
    SIP2 (the network's data is seeded, not served; the tester panel's card notes and books
    come from the library system's data)."""

    def __init__(
        self,
        folder: Path | None = None,
        base: KioskConfig | None = None,
        *,
        template: Path | None = None,
        backend: BackendKind = BackendKind.REGIONAL,
        dialect: DemoDialect | None = None,
    ) -> None:
        self._tmp: tempfile.TemporaryDirectory[str] | None = None
        if folder is None:
            self._tmp = tempfile.TemporaryDirectory(prefix="kiosk-demo-")
            folder = Path(self._tmp.name)
        self.folder = folder
        self.base = base or parse_config(DEMO_DEVICES)
        self.template = template  # a seeded data folder to copy instead of seeding anew
        self.console = SimulatorConsole(transport="inprocess")
        self.backend = backend
        self.dialect = dialect
        self.service: ServedRegional | None = None
        self.sip2: DemoLibrarySystem | None = None
        self.data: Path | None = None  # the seeded regional data folder
        self.config: KioskConfig | None = None
        self.config_path = self.folder / "kiosk.toml"
        self._credential_hasher: CredentialHasher | None = None
        self._new_residents = 0
        self.fleet: DemoFleet | None = None
        sim = self.console.devices["rfid_reader"]
        assert isinstance(sim, RfidPadSimulator)
        # The books' tags as this library's tag writer laid them out.
        self.pad = DemoPad(sim, self.book, self.base.rfid.tags)

    @property
    def library_side(self) -> LibrarySide | None:
        """The service the kiosk talks to, to stop and start."""
        return self.sip2 if self.backend == BackendKind.SIP2 else self.service

    @property
    def library_side_name(self) -> str:
        if self.sip2 is not None:
            return f"Library system (SIP2, {self.sip2.dialect.value})"
        return "Regional service"

    def start(self) -> KioskConfig:
        """Seed and serve the network, plug the devices in; returns the kiosk's config."""
        log.info("seeding the demo network in %s", self.folder)
        if self.backend == BackendKind.SIP2:
            update = self._start_sip2()
        else:
            self.service = ServedRegional(
                self.folder / "regional",
                template=self.template,
                kiosk=DEMO_KIOSK,
                library=DEMO_LIBRARY,
            )
            self.data = self.service.folder
            self.service.start()
            log.info(
                "staff console: %s/console/ (user demo-ops, password %s)",
                self.service.url,
                DEMO_STAFF_PASSWORD,
            )
            update = {"service": ServiceSettings(url=self.service.url, token=self.service.token)}
        self.console.start()
        config = simulated(self.base, self.console.ports())
        self.config = config.model_copy(
            update={
                **update,
                "kiosk": KioskIdentity(id=DEMO_KIOSK, library=DEMO_LIBRARY),
                "journal": JournalSettings(path=str(self.folder / "journal.db")),
                "technician": TechnicianSettings(pin_hash=hash_pin(DEMO_TECHNICIAN_PIN)),
            }
        )
        return self.config

    def _start_sip2(self) -> dict[str, object]:
        """The network seeded into a folder (or copied from the template), copied into a
        library system, served over SIP2 on loopback; the kiosk's config sections for it."""
        from sip2_library.demo import DemoDialect, DemoLibrarySystem

        data = self.folder / "regional"
        if self.template is not None:
            shutil.copytree(self.template, data, dirs_exist_ok=True)
        else:
            seed_data_dir(data)
        self.data = data
        dialect = self.dialect or DemoDialect.STANDARD
        self.sip2 = DemoLibrarySystem(
            self.folder / "sip2", data, dialect=dialect, institution=DEMO_LIBRARY
        )
        self.sip2.start()
        settings = Sip2Settings(
            host=self.sip2.host,
            port=self.sip2.port,
            login_user=self.sip2.login_user,
            login_password=self.sip2.login_password,
            location_code=DEMO_LIBRARY,
            institution_id=DEMO_LIBRARY,
            dialect=dialect.value,
        )
        return {"backend": BackendChoice(kind=BackendKind.SIP2), "sip2": settings}

    def write_config(self, config: KioskConfig) -> Path:
        """The kiosk's config as a file in the demo folder, so technician mode can save it."""
        document = tomlkit.document()
        document.add(tomlkit.comment("Written by `kiosk demo`: simulated devices, local service."))
        document.add(tomlkit.comment(f"Technician PIN: {DEMO_TECHNICIAN_PIN}"))
        for key, value in config.model_dump(mode="json", exclude_none=True).items():
            document[key] = value
        self.config_path.write_text(tomlkit.dumps(document), encoding="utf-8")
        return self.config_path

    def start_fleet(self, count: int) -> list[FleetKiosk]:
        """``count`` more kiosks, headless, at other libraries, heartbeating to the regional
        service (the staff console's fleet); stopped by ``close``."""
        if count == 0:
            return []
        if self.service is None or self.config is None:
            raise RuntimeError("more kiosks need the regional service started (not over SIP2)")
        base = self.base.model_copy(update={"technician": self.config.technician})
        self.fleet = DemoFleet(self.folder / "fleet", base, self.service.url)
        return self.fleet.start(count, self.service.create_token)

    def close(self) -> None:
        if self.fleet is not None:
            self.fleet.close()
        self.console.close()
        if self.service is not None:
            self.service.stop()
        if self.sip2 is not None:
            self.sip2.close()
        if self._tmp is not None:
            self._tmp.cleanup()

    # ---- what the tester panel offers -----------------------------------------------------
    @contextmanager
    def _db(self) -> Iterator[sqlite3.Connection]:
        assert self.data is not None
        with closing(sqlite3.connect(self.data / "regional.db")) as conn:
            yield conn

    def _hasher(self) -> CredentialHasher:
        assert self.data is not None
        if self._credential_hasher is None:
            # The key the served instance hashes cards with (its data folder's, or the env's).
            self._credential_hasher = CredentialHasher(load_credential_key(self.data))
        return self._credential_hasher

    def standing(self, kind: CredentialKind, number: str) -> list[str] | None:
        """Short notes on the card holder's account (fines, overdue, expired, blocked), or None
        when the card is not registered in the network."""
        if self.sip2 is not None:  # the library system's account, not the network's
            return self.sip2.standing(kind, number)
        if self.data is None:
            return []
        today = dt.date.today()
        with self._db() as conn:
            found = conn.execute(
                "SELECT p.id, p.fines_cents, p.expires, p.manual_block, l.fine_limit_cents "
                "FROM credentials c JOIN patrons p ON p.id = c.patron_id "
                "JOIN libraries l ON l.id = p.home_library_id WHERE c.key_hash = ?",
                (self._hasher().key_hash(kind, number),),
            ).fetchone()
            if found is None:
                return None
            patron, fines, expires, block, limit = found
            # Fines still growing on overdue loans count too (regional/services/fines.py).
            overdue = conn.execute(
                "SELECT julianday(?) - julianday(o.due), lib.fine_cents_per_day FROM loans o "
                "JOIN items i ON i.barcode = o.item_barcode JOIN libraries lib ON lib.id = "
                "i.owner_library_id WHERE o.patron_id = ? AND o.returned_at IS NULL AND o.due < ?",
                (today.isoformat(), patron, today.isoformat()),
            ).fetchall()
        fines += sum(int(days) * rate for days, rate in overdue)
        notes = []
        if overdue:
            notes.append("overdue book")
        if fines:
            notes.append(f"fines ¥{fines / 100:.2f}")
            if fines >= limit:
                notes.append("over the fine limit: no borrowing")
        if expires is not None and dt.date.fromisoformat(expires) < today:
            notes.append("card expired")
        if block:
            notes.append("blocked by staff")
        return notes

    def id_cards(self) -> list[DemoCardHolder]:
        """The demo resident ID cards."""
        found = []
        for card in DEMO_CARDS:
            notes = []
            if card.valid_to is not None and card.valid_to < dt.date.today():
                notes.append("ID card expired")
            standing = self.standing(CredentialKind.ID_CARD, card.id_number)
            notes += ["not registered yet"] if standing is None else standing
            if card.valid_to is None:
                notes.append("长期 (no expiry)")
            found.append(DemoCardHolder(card.id_number, card.name, tuple(notes)))
        return found

    def library_cards(self) -> list[DemoCardHolder]:
        """The seeded library cards."""
        found = []
        for card in DEMO_LIBRARY_CARDS:
            standing = self.standing(CredentialKind.LIBRARY_CARD, card.number)
            notes = ("not in the network",) if standing is None else tuple(standing)
            found.append(DemoCardHolder(card.number, card.name, notes, card.pin))
        return found

    def new_resident(self) -> str:
        """A valid ID number never registered in the network: a card's first use registers its
        holder. Each call gives the next of a fixed sequence, skipping any registered since."""
        for _ in range(1000):
            self._new_residents += 1
            n = self._new_residents
            region = _NEW_RESIDENT_REGIONS[n % len(_NEW_RESIDENT_REGIONS)]
            birth = dt.date(1950, 1, 1) + dt.timedelta(days=(n * 3671) % 20000)
            number = make_id_number(region, birth, 500 + n % 500)
            if self.standing(CredentialKind.ID_CARD, number) is None:
                return number
        raise RuntimeError("no unregistered ID number left in the demo's sequence")

    def book_groups(self, per_group: int = 2) -> list[BookGroup]:
        """Books chosen from the network's data by what scanning them at this kiosk leads to:
        some to borrow, and returns that go to the shelf, to transit (home, or to a reader
        waiting at another library), to the hold shelf here; a reference copy, a lost one."""
        if self.data is None:
            return []
        here = DEMO_LIBRARY
        with self._db() as conn:
            names = dict(conn.execute("SELECT id, name_en FROM libraries"))
            available = conn.execute(
                "SELECT barcode, title, owner_library_id, status FROM items WHERE loanable = 1 "
                "AND status = 'available' ORDER BY owner_library_id != ?, barcode",
                (here,),
            ).fetchall()
            # A return's routing (regional/services/holds.py, route_here): the first reader in
            # line (one whose copy is on a shelf, else the earliest) decides, else the owner.
            # Loans not yet overdue first: their return charges no fine.
            on_loan = conn.execute(
                "SELECT i.barcode, i.title, i.owner_library_id, i.status, (SELECT "
                "h.pickup_library_id FROM holds h WHERE h.item_barcode = i.barcode AND "
                "h.status IN ('waiting', 'ready') ORDER BY h.status != 'ready', h.placed_at, "
                "h.id LIMIT 1) FROM items i JOIN loans l ON l.item_barcode = i.barcode AND "
                "l.returned_at IS NULL WHERE i.status = 'on_loan' ORDER BY l.due < ?, i.barcode",
                (dt.date.today().isoformat(),),
            ).fetchall()
            reference = conn.execute(
                "SELECT barcode, title, owner_library_id, status FROM items WHERE loanable = 0 "
                "AND status = 'available' ORDER BY owner_library_id != ?, barcode LIMIT 1",
                (here,),
            ).fetchall()
            lost = conn.execute(
                "SELECT i.barcode, i.title, i.owner_library_id, i.status, (SELECT "
                "h.pickup_library_id FROM holds h WHERE h.item_barcode = i.barcode AND "
                "h.status IN ('waiting', 'ready') ORDER BY h.status != 'ready', h.placed_at, "
                "h.id LIMIT 1) FROM items i WHERE i.status = 'lost' ORDER BY i.barcode LIMIT 1"
            ).fetchall()
        if self.sip2 is not None:  # over SIP2 the books move in the library system's data
            shelves = self.sip2.shelves(dt.date.today())
            available = shelves.available
            on_loan = [(*row, pickup) for row, pickup in shelves.on_loan]
            reference = shelves.reference
            lost = [(*row, pickup) for row, pickup in shelves.lost]

        def name(library: str) -> str:
            return str(names.get(library, library))

        groups: dict[tuple[BookFlow, str | None], list[DemoBook]] = {}
        # To borrow: one copy of this library's, then others' (a library each).
        owners: set[str] = set()
        for row in available:
            if row[2] not in owners and len(owners) < per_group + 1:
                owners.add(row[2])
                groups.setdefault((BookFlow.BORROW, None), []).append(DemoBook(*row))
        for row in reference:
            groups[(BookFlow.NOT_FOR_LOAN, None)] = [DemoBook(*row)]
        for *book, pickup in on_loan:
            owner = book[2]
            if pickup is not None:
                flow = BookFlow.HOLD_HERE if pickup == here else BookFlow.HOLD_TRANSIT
                key = (flow, pickup)
            else:
                key = (BookFlow.SHELVE if owner == here else BookFlow.TRANSIT, owner)
            groups.setdefault(key, []).append(DemoBook(*book))
        for *book, pickup in lost:  # checked in where it turns up, then routed as a return
            groups[(BookFlow.LOST_FOUND, pickup or book[2])] = [DemoBook(*book)]

        labels = {
            BookFlow.BORROW: "Borrow (tap a card first)",
            BookFlow.NOT_FOR_LOAN: "Borrow: reference only (refused)",
            BookFlow.SHELVE: "Return: back on the shelf here",
            BookFlow.TRANSIT: "Return: transit to {library}",
            BookFlow.HOLD_HERE: "Return: hold shelf here",
            BookFlow.HOLD_TRANSIT: "Return: transit for a hold at {library}",
            BookFlow.LOST_FOUND: "Return: a lost copy turns up (to {library})",
        }
        # How many libraries each flow shows: two transit destinations, one hold elsewhere.
        wanted = {BookFlow.TRANSIT: 2, BookFlow.HOLD_TRANSIT: 1}
        shown: dict[BookFlow, int] = {}
        result = []
        for flow in BookFlow:
            for (kind, library), books in groups.items():
                if kind != flow or shown.get(flow, 0) >= wanted.get(flow, 1):
                    continue
                shown[flow] = shown.get(flow, 0) + 1
                library_name = name(library) if library else ""
                label = labels[flow].format(library=library_name)
                limit = per_group + 1 if flow == BookFlow.BORROW else per_group
                result.append(BookGroup(flow, label, library, library_name, tuple(books[:limit])))
        return result

    def book(self, barcode: str) -> DemoBook | None:
        """A book of the network as the library side holds it now (its state changes as it is
        lent and returned), or None."""
        if self.sip2 is not None:
            from sip2_library.demo import NETWORK_STATES

            item = self.sip2.library.item(barcode)
            if item is None:
                return None
            state = NETWORK_STATES.get(item.status, item.status.value)
            return DemoBook(item.barcode, item.title, item.owner_institution, state)
        if self.data is None:
            return None
        with self._db() as conn:
            row = conn.execute(
                "SELECT barcode, title, owner_library_id, status FROM items WHERE barcode = ?",
                (barcode,),
            ).fetchone()
        return DemoBook(*row) if row is not None else None

    def stack_to_borrow(self, count: int = 5) -> list[DemoBook]:
        """``count`` books on the shelf that can be lent, of as many owners as there are
        (this library's first): a stack for the RFID pad."""
        if self.sip2 is not None:
            rows = self.sip2.shelves(dt.date.today()).available
        elif self.data is not None:
            with self._db() as conn:
                rows = conn.execute(
                    "SELECT barcode, title, owner_library_id, status FROM items WHERE loanable = 1"
                    " AND status = 'available' ORDER BY owner_library_id != ?, barcode",
                    (DEMO_LIBRARY,),
                ).fetchall()
        else:
            return []
        by_owner: dict[str, list[DemoBook]] = {}
        for row in rows:
            by_owner.setdefault(row[2], []).append(DemoBook(*row))
        # One of each owner in turn: a mixed stack, as a patron's usually is.
        stack: list[DemoBook] = []
        for depth in range(count):
            stack += [books[depth] for books in by_owner.values() if depth < len(books)]
        return stack[:count]

    def books(self, limit: int = 12) -> list[DemoBook]:
        """Some books to lend (available here and elsewhere) and some on loan (to return)."""
        if self.data is None:
            return []
        conn = sqlite3.connect(self.data / "regional.db")
        try:
            rows = conn.execute(
                "SELECT barcode, title, owner_library_id, status FROM items WHERE loanable=1 "
                "AND status IN ('available', 'on_loan') ORDER BY status, owner_library_id != 'CQL',"
                " barcode LIMIT ?",
                (limit,),
            ).fetchall()
            on_loan = conn.execute(
                "SELECT barcode, title, owner_library_id, status FROM items WHERE status="
                "'on_loan' ORDER BY barcode LIMIT ?",
                (max(2, limit // 3),),
            ).fetchall()
        finally:
            conn.close()
        seen: dict[str, DemoBook] = {}
        for row in [*rows, *on_loan]:
            seen.setdefault(row[0], DemoBook(*row))
        return list(seen.values())
