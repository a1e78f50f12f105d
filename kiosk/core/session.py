"""The patron session state machine: device events, results, buttons and time in; commands and
a view model out. Pure and single-threaded (the GUI thread or the headless loop owns it)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from enum import StrEnum

from drivers.events import BarcodeKind
from drivers.rfid.security import ItemState
from kiosk.backend.types import Block, HoldReady, Loan
from kiosk.core.results import ActResult, IdentifyResult, Outcome, PatronContext, ResultCode
from kiosk.core.rfid_pad import PadBook
from kiosk.core.settings import SessionSettings
from kiosk.domain import ActKind, Credential
from patron_identity.kinds import CredentialKind


class Screen(StrEnum):
    HOME = "home"
    IDENTIFY = "identify"  # waiting for a card after Borrow / My account on the home screen
    PIN = "pin"
    SESSION = "session"  # identified: scans borrow
    RETURNS = "returns"  # scans return
    ACCOUNT = "account"
    SUMMARY = "summary"
    TIMEOUT = "timeout"
    OUT_OF_SERVICE = "out-of-service"


_DONE = frozenset({Outcome.DONE, Outcome.PROVISIONAL})
ACTIVE = frozenset({Screen.IDENTIFY, Screen.PIN, Screen.SESSION, Screen.RETURNS, Screen.ACCOUNT})


class Intent(StrEnum):
    BORROW = "borrow"
    ACCOUNT = "account"


# ---- commands for the worker ------------------------------------------------------------------
@dataclass(frozen=True)
class Identify:
    credential: Credential
    pin: str | None = None


@dataclass(frozen=True)
class Act:
    kind: ActKind
    barcode: str
    who: PatronContext | None = None
    offline_count: int = 0


@dataclass(frozen=True)
class SetSecurity:
    """Switch a book's tag security (on the pad) to what ``state`` says, verified."""

    uid: str
    barcode: str
    state: ItemState


Command = Identify | Act | SetSecurity


class RowSecurity(StrEnum):
    """The tag security of a book on the RFID pad after its act."""

    WRITING = "writing"
    SET = "set"  # verified: on loan after a borrow, secured after a return
    NOT_SET = "not_set"  # the write failed: the patron puts the book back on the pad


# ---- the view model -----------------------------------------------------------------------------
@dataclass(frozen=True)
class ItemRow:
    """One book handled in this session, as the screen lists it."""

    kind: ActKind
    barcode: str
    pending: bool = True
    outcome: Outcome | None = None
    code: ResultCode | None = None  # None while pending
    title: str = ""
    due: dt.date | None = None
    routing_action: str | None = None
    routing_library: str | None = None
    provisional: bool = False
    library_message: str = ""  # the library system's own words for a refusal
    library_message_language: str = ""
    tag_uid: str = ""  # the RFID tag the book was read from (or lay on the pad when scanned)
    security: RowSecurity | None = None  # None: nothing to write (no tag, or refused)


@dataclass(frozen=True)
class SessionView:
    screen: Screen = Screen.HOME
    intent: Intent = Intent.BORROW
    patron_name: str = ""
    loans_used: int = 0
    loan_limit: int = 0
    fines_cents: int = 0
    blocks: tuple[Block, ...] = ()
    loans: tuple[Loan, ...] = ()
    holds_ready: tuple[HoldReady, ...] = ()
    offline: bool = False
    identified_offline: bool = False
    account_known: bool = True  # False: the library side does not tell loans and holds
    rows: tuple[ItemRow, ...] = ()
    message: ResultCode | None = None  # the UI turns it into plain words (scan_library_label…)
    busy: bool = False
    countdown_s: float | None = None
    out_of_service_reason: str = ""
    registered_now: bool = False
    # An ID card lies on the reader whose patron is done (or that was read before): the
    # screen tells whoever stands there to take it, until it is lifted.
    card_left: bool = False
    # The latest scan that was not done, said where the patron looks as well as in its row.
    alert: ItemRow | None = None
    offline_limit: int = 0  # books one patron may borrow offline (kiosk config), 0: none


@dataclass
class _State:
    view: SessionView = field(default_factory=SessionView)
    who: PatronContext | None = None
    pending_credential: Credential | None = None
    last_activity: float = 0.0
    timeout_at: float | None = None
    summary_until: float | None = None
    in_flight: int = 0
    deferred: list[str] = field(default_factory=list)  # books scanned while the card is checked
    resume: Screen = Screen.HOME  # where Continue returns to from the timeout warning
    card_refused: bool = False  # the message on home is a refused card's


class SessionMachine:
    """Feed it ``card``, ``scan``, ``press``, ``result`` and ``tick``; each returns the commands
    to run. ``view`` is what the screen shows now."""

    def __init__(
        self,
        settings: SessionSettings,
        *,
        offline_limit: int = 0,
        today: Callable[[], dt.date] = dt.date.today,
    ) -> None:
        self.settings = settings
        self._today = today
        self._s = _State()
        self._set(offline_limit=offline_limit)
        # The ID card lying on the reader, whatever the screen (a physical fact, kept across
        # patrons), and whether a session was opened with it since it was put down.
        self._reader_card: Credential | None = None
        self._reader_card_used = False
        # Books lying on the RFID pad now, by item id -> tag UID (a physical fact, like the
        # card on the reader): a book scanned by its barcode while on the pad is the same book.
        self._on_pad: dict[str, str] = {}

    @property
    def view(self) -> SessionView:
        view = self._s.view
        left = self._card_left()
        return view if view.card_left == left else replace(view, card_left=left)

    def _card_left(self) -> bool:
        card = self._reader_card
        if card is None or not self._reader_card_used:
            return False
        if self._s.view.screen == Screen.TIMEOUT:
            return True  # the patron may have walked away from it
        current = self._s.pending_credential or (self._s.who.credential if self._s.who else None)
        return card != current

    @property
    def has_patron(self) -> bool:
        """A patron is identified at the kiosk (their session with it is open)."""
        return self._s.who is not None

    @property
    def patron_session(self) -> str | None:
        """The service's session of the patron at the kiosk now, if any."""
        return self._s.who.session_id if self._s.who is not None else None

    def _set(self, **changes: object) -> None:
        self._s.view = replace(self._s.view, **changes)  # type: ignore[arg-type]

    def _touch(self, now: float) -> None:
        self._s.last_activity = now

    # ---- kiosk-wide conditions ------------------------------------------------------------------
    def set_offline(self, offline: bool) -> None:
        self._set(offline=offline)

    def set_out_of_service(self, reason: str | None, now: float) -> None:
        if reason:
            self._wipe(Screen.OUT_OF_SERVICE)
            self._set(out_of_service_reason=reason)
        elif self.view.screen == Screen.OUT_OF_SERVICE:
            self._wipe(Screen.HOME)
            self._touch(now)

    # ---- inputs ---------------------------------------------------------------------------------
    def card(self, credential: Credential, now: float, on_reader: bool = False) -> list[Command]:
        """A card read; ``on_reader``: an ID card that stays on the reader until ``lifted``."""
        screen = self.view.screen
        if on_reader:
            self._reader_card, self._reader_card_used = credential, False
        if screen == Screen.OUT_OF_SERVICE:
            return []  # still lying there when the kiosk is back: taken when a session starts
        self._touch(now)
        if on_reader:
            self._reader_card_used = True
        who = self._s.who
        if screen in (Screen.SESSION, Screen.ACCOUNT, Screen.RETURNS, Screen.TIMEOUT) and (
            who is not None or screen == Screen.RETURNS
        ):
            if who is None or who.credential == credential:
                self._finish(now)  # a second tap of the same card ends the session
                return []
            # Another patron's card: this patron's session ends unseen (their list is not
            # shown to the next one) and the new card's session starts.
            screen = Screen.HOME
        intent = self.view.intent if screen == Screen.IDENTIFY else Intent.BORROW
        self._wipe(Screen.IDENTIFY)
        self._set(intent=intent, busy=True)
        self._s.pending_credential = credential
        self._s.in_flight += 1
        return [Identify(credential)]

    def lifted(self, now: float, seen_lying: bool = True) -> None:
        """The ID card lying on the reader was taken away. Not ``seen_lying``: the reader
        cannot tell (it halts a read card), so nothing is said about a card left, and a
        refused card's words stay until the idle time."""
        self._reader_card, self._reader_card_used = None, False
        if not seen_lying:
            return
        if self.view.screen == Screen.HOME and self.view.message is not None:
            self._set(message=None)  # a refused card's words leave with the card
            self._s.card_refused = False

    def scan(self, barcode: str, kind: BarcodeKind, now: float) -> list[Command]:
        screen = self.view.screen
        if screen in (Screen.OUT_OF_SERVICE, Screen.PIN):
            return []
        self._touch(now)
        if kind == BarcodeKind.PATRON:
            return self.card(Credential(CredentialKind.LIBRARY_CARD, barcode), now)
        if kind == BarcodeKind.ISBN:
            self._set(message=ResultCode.SCAN_LIBRARY_LABEL)
            return []
        if kind != BarcodeKind.ITEM:
            self._set(message=ResultCode.UNKNOWN_BARCODE)
            return []
        if screen == Screen.TIMEOUT:
            self._continue(now)
            screen = self.view.screen
        if screen == Screen.IDENTIFY and self._s.pending_credential is not None:
            # A quick patron scans before their card is confirmed: borrow once it is.
            if barcode not in self._s.deferred:
                self._s.deferred.append(barcode)
            return []
        if screen == Screen.HOME and self._s.card_refused:
            # The patron came to borrow: their book must not quietly become a return.
            self._set(message=ResultCode.NOT_BORROWED_CARD_REFUSED)
            return []
        if screen in (Screen.HOME, Screen.SUMMARY, Screen.IDENTIFY):
            self._wipe(Screen.RETURNS)
            screen = Screen.RETURNS
        if screen == Screen.ACCOUNT:
            self._set(screen=Screen.SESSION)
            screen = Screen.SESSION
        if any(r.barcode == barcode and r.pending for r in self.view.rows):
            return []  # already on its way
        if any(
            r.barcode == barcode and r.tag_uid and r.outcome in _DONE and r.kind != ActKind.RENEW
            for r in self.view.rows
        ):
            return []  # read from the pad and done already: one book counts once
        if any(
            r.barcode == barcode and r.kind == ActKind.RETURN and r.outcome in _DONE
            for r in self.view.rows
        ):
            self._set(message=ResultCode.ALREADY_RETURNED_HERE)  # not "could not return"
            return []
        if screen == Screen.RETURNS:
            return self._act(ActKind.RETURN, barcode, None)
        return self._act(ActKind.BORROW, barcode, self._s.who)

    def press(self, action: str, now: float, arg: str = "") -> list[Command]:
        """A button: borrow, return, account, finish, continue, renew <barcode>, renew_all,
        return_item <barcode>, pin <digits>, cancel."""
        screen = self.view.screen
        if screen == Screen.OUT_OF_SERVICE:
            return []
        self._touch(now)
        if action == "continue":
            self._continue(now)
            return []
        if action in ("finish", "cancel"):
            if screen in (Screen.IDENTIFY, Screen.PIN, Screen.SUMMARY) or not self.view.rows:
                self._wipe(Screen.HOME)
            else:
                self._finish(now)
            return []
        if action == "return":
            if self._s.who is not None and screen in (Screen.SESSION, Screen.ACCOUNT):
                self._set(screen=Screen.RETURNS)
            else:
                self._wipe(Screen.RETURNS)
            return []
        if action in ("borrow", "account"):
            intent = Intent(action)
            if self._s.who is not None:
                if action == "account" and self._s.who.patron is not None:
                    # Fresh loans and holds for the account screen.
                    self._set(screen=Screen.ACCOUNT, busy=True)
                    self._s.in_flight += 1
                    return [Identify(self._s.who.credential, None)]
                self._set(screen=Screen.SESSION)
                return []
            self._wipe(Screen.IDENTIFY)
            self._set(intent=intent)
            return self._take_card_on_reader(now)
        if action == "pin" and screen == Screen.PIN and self._s.pending_credential is not None:
            self._set(busy=True, message=None)
            self._s.in_flight += 1
            return [Identify(self._s.pending_credential, arg)]
        if action == "return_item" and self._s.who is not None and arg:
            # "Already yours" in a borrowing session: the patron chose to return it now.
            if screen == Screen.ACCOUNT:
                self._set(screen=Screen.SESSION)
            return self._act(ActKind.RETURN, arg, None)
        if action == "renew" and self._s.who is not None and arg:
            return self._act(ActKind.RENEW, arg, self._s.who)
        if action == "renew_all" and self._s.who is not None:
            commands: list[Command] = []
            for barcode in self.renew_all_barcodes():
                commands += self._act(ActKind.RENEW, barcode, self._s.who)
            if not commands:
                self._set(message=ResultCode.NOTHING_TO_RENEW)
            return commands
        return []

    def tag(self, book: PadBook, now: float) -> list[Command]:
        """A tag put on the RFID pad, read once per placement: a book to borrow or return like
        a scanned one; a tag already in this session's list is not acted on again, only its
        security written if it is still due (a book put back on the pad after a failed write)."""
        if book.usable:
            self._on_pad[book.barcode] = book.uid
        screen = self.view.screen
        if screen == Screen.PIN and book.usable and self._s.pending_credential is not None:
            # A stack put down while the patron types their PIN: borrowed once it is right.
            if book.barcode not in self._s.deferred:
                self._s.deferred.append(book.barcode)
            return []
        if screen in (Screen.OUT_OF_SERVICE, Screen.PIN):
            return []
        self._touch(now)
        rows = list(self.view.rows)
        for i, row in enumerate(rows):
            same = row.tag_uid == book.uid or (book.usable and row.barcode == book.barcode)
            if not same or row.kind == ActKind.RENEW or screen == Screen.HOME:
                continue
            self._continue(now)
            if not book.usable:
                return []  # its row says already why it cannot be used
            row = replace(row, tag_uid=book.uid)
            commands = self._secure(row)
            rows[i] = row if not commands else replace(row, security=RowSecurity.WRITING)
            self._set(rows=tuple(rows))
            return commands
        if book.usable:
            return self.scan(book.barcode, BarcodeKind.ITEM, now)
        # A tag that names no book of this network: a row that says so, not an act.
        if screen == Screen.TIMEOUT:
            self._continue(now)
            screen = self.view.screen
        if screen == Screen.ACCOUNT:
            self._set(screen=Screen.SESSION)
            screen = Screen.SESSION
        if screen not in (Screen.SESSION, Screen.RETURNS):
            self._wipe(Screen.RETURNS)
            screen = Screen.RETURNS
        kind = ActKind.BORROW if screen == Screen.SESSION else ActKind.RETURN
        row = ItemRow(
            kind,
            book.barcode or book.uid,
            pending=False,
            outcome=Outcome.REFUSED,
            code=book.code,
            tag_uid=book.uid,
        )
        self._set(rows=(*self.view.rows, row), alert=row, message=None)
        return []

    def tag_left(self, uid: str) -> None:
        """A tag was taken off the pad."""
        self._on_pad = {b: u for b, u in self._on_pad.items() if u != uid}

    def secured(self, command: SetSecurity, verified: bool, now: float) -> list[Command]:
        rows = list(self.view.rows)
        for i, row in enumerate(rows):
            if row.tag_uid == command.uid and row.barcode == command.barcode:
                security = RowSecurity.SET if verified else RowSecurity.NOT_SET
                rows[i] = replace(row, security=security)
                alert = self.view.alert
                if not verified:
                    alert = rows[i]  # the patron must act: said where they look
                elif alert is not None and alert.barcode == row.barcode:
                    alert = None
                self._touch(now)
                self._set(rows=tuple(rows), alert=alert)
                break
        return []

    def _secure(self, row: ItemRow) -> list[Command]:
        """The security write a finished row on the pad still needs."""
        if not row.tag_uid or row.pending or row.security in (RowSecurity.SET, RowSecurity.WRITING):
            return []
        if row.kind == ActKind.RETURN:
            # Back in the library whatever the service said (offline, already returned):
            # the gate must see it.
            state = ItemState.ON_SHELF
        elif row.kind == ActKind.BORROW and row.outcome in _DONE:
            state = ItemState.ON_LOAN  # only once the service (or the offline policy) lent it
        else:
            return []  # refused: its security stays on
        return [SetSecurity(row.tag_uid, row.barcode, state)]

    def renew_all_barcodes(self) -> list[str]:
        """The loans "renew all" renews: only those it helps (overdue, or due within the
        renewal window), that can be renewed, and not renewed or renewing in this session
        (a row's earlier result is kept)."""
        window_end = self._today() + dt.timedelta(days=self.settings.renew_all_within_days)
        handled = {
            r.barcode
            for r in self.view.rows
            if r.kind == ActKind.RENEW and (r.pending or r.outcome in _DONE)
        }
        return [
            loan.item.barcode
            for loan in self.view.loans
            if loan.renewals_left > 0
            and (loan.overdue or loan.due <= window_end)
            and loan.item.barcode not in handled
        ]

    def tick(self, now: float) -> list[Command]:
        s = self._s
        screen = self.view.screen
        if screen == Screen.SUMMARY and s.summary_until is not None:
            if now >= s.summary_until:
                self._wipe(Screen.HOME)
            else:
                self._set(countdown_s=s.summary_until - now)  # the summary shows it too
        elif screen == Screen.HOME and self.view.message is not None:
            if now - s.last_activity >= self.settings.idle_timeout_s:
                self._set(message=None)  # words for a patron who has left are not the next's
                s.card_refused = False
        elif screen in ACTIVE and s.in_flight == 0:
            if now - s.last_activity >= self.settings.idle_timeout_s:
                s.resume = screen
                s.timeout_at = now + self.settings.countdown_s
                self._set(screen=Screen.TIMEOUT, countdown_s=self.settings.countdown_s)
        elif screen == Screen.TIMEOUT and s.timeout_at is not None:
            left = s.timeout_at - now
            if left <= 0:
                self._wipe(Screen.HOME)  # nothing of this patron stays on any screen
            else:
                self._set(countdown_s=left)
        return []

    # ---- results from the worker -------------------------------------------------------------
    def identified(self, command: Identify, result: IdentifyResult, now: float) -> list[Command]:
        s = self._s
        s.in_flight = max(0, s.in_flight - 1)
        if self.view.screen not in (Screen.IDENTIFY, Screen.PIN, Screen.ACCOUNT, Screen.SESSION):
            return []  # the patron left meanwhile
        expected = s.pending_credential or (s.who.credential if s.who else None)
        if command.credential != expected:
            return []  # an answer for a card that is no longer at the kiosk
        self._touch(now)
        if result.code == ResultCode.PIN_REQUIRED or (
            result.code == ResultCode.PIN_INVALID and self.view.screen == Screen.PIN
        ):
            s.pending_credential = command.credential
            message = ResultCode.PIN_INVALID if result.code == ResultCode.PIN_INVALID else None
            self._set(screen=Screen.PIN, busy=False, message=message)
            return []
        if not result.ok or result.context is None:
            code = result.code
            if (
                code == ResultCode.CREDENTIAL_EXPIRED
                and command.credential.kind == CredentialKind.ID_CARD
            ):
                code = ResultCode.ID_CARD_EXPIRED  # no library can renew that: other words
            self._wipe(Screen.HOME)
            self._set(message=code)
            self._s.card_refused = True
            return []
        deferred, s.deferred = s.deferred, []
        s.who = result.context
        s.pending_credential = None
        patron = result.context.patron
        screen = Screen.ACCOUNT if self.view.intent == Intent.ACCOUNT else Screen.SESSION
        if self.view.screen in (Screen.ACCOUNT, Screen.SESSION):
            screen = self.view.screen
        self._set(
            screen=screen,
            busy=s.in_flight > 0,
            message=None,
            identified_offline=result.offline,
            patron_name=patron.display_name if patron else _offline_name(command.credential),
            loans_used=len(patron.loans) if patron else 0,
            loan_limit=patron.loan_limit if patron else 0,
            fines_cents=patron.fines_cents if patron else 0,
            blocks=patron.blocks if patron else (),
            loans=patron.loans if patron else (),
            holds_ready=patron.holds_ready if patron else (),
            account_known=patron.account_known if patron else True,
            registered_now=patron.registered_now if patron else False,
        )
        commands: list[Command] = []
        for barcode in deferred:
            commands += self._act(ActKind.BORROW, barcode, s.who)
        return commands

    def acted(self, command: Act, result: ActResult, now: float) -> list[Command]:
        s = self._s
        s.in_flight = max(0, s.in_flight - 1)
        rows = list(self.view.rows)
        for i in range(len(rows) - 1, -1, -1):
            if (
                rows[i].barcode == command.barcode
                and rows[i].pending
                and rows[i].kind == command.kind
            ):
                rows[i] = replace(_row(result), tag_uid=rows[i].tag_uid)
                if not rows[i].title:
                    # A refusal names no item: the patron's loans or an earlier row may.
                    rows[i] = replace(rows[i], title=self._known_title(result.item_barcode))
                break
        else:
            return []  # the session this belonged to is over
        loans_used = self.view.loans_used
        if result.succeeded and result.kind == ActKind.BORROW:
            loans_used += 1
        loans = self.view.loans
        if result.succeeded and result.kind == ActKind.RETURN and s.who is not None:
            theirs = any(loan.item.barcode == result.item_barcode for loan in loans) or any(
                r.barcode == result.item_barcode and r.code == ResultCode.ALREADY_BORROWED_BY_YOU
                for r in rows
            )
            if theirs:
                loans_used = max(0, loans_used - 1)
                loans = tuple(loan for loan in loans if loan.item.barcode != result.item_barcode)
        if result.succeeded and result.kind == ActKind.RENEW and result.due is not None:
            loans = tuple(
                replace(
                    loan,
                    due=result.due,
                    overdue=False,  # renewed: due on the new date, no longer overdue
                    renewals_left=max(0, loan.renewals_left - 1),
                )
                if loan.item.barcode == result.item_barcode
                else loan
                for loan in loans
            )
        self._touch(now)
        security = self._secure(rows[i])
        if security:
            rows[i] = replace(rows[i], security=RowSecurity.WRITING)
        alert = self.view.alert
        if not result.succeeded and result.kind != ActKind.RENEW:
            alert = rows[i]  # renewals are read on the account list, where they were pressed
        self._set(
            rows=tuple(rows),
            busy=s.in_flight > 0,
            loans_used=loans_used,
            loans=loans,
            alert=alert,
        )
        return list(security)

    # ---- helpers ------------------------------------------------------------------------------
    def _act(self, kind: ActKind, barcode: str, who: PatronContext | None) -> list[Command]:
        if kind != ActKind.RETURN and who is None:
            self._wipe(Screen.IDENTIFY)
            self._set(message=ResultCode.TAP_CARD_FIRST)
            return []
        offline_count = sum(
            1
            for r in self.view.rows
            if r.kind == ActKind.BORROW and r.provisional and r.outcome == Outcome.PROVISIONAL
        )
        self._s.in_flight += 1
        self._set(
            rows=(*self.view.rows, ItemRow(kind, barcode, tag_uid=self._on_pad.get(barcode, ""))),
            busy=True,
            message=None,
            alert=None,
        )
        return [Act(kind, barcode, who, offline_count)]

    def _take_card_on_reader(self, now: float) -> list[Command]:
        """A card put on the reader while the kiosk could not take it (out of service) is
        taken when a session starts; a card whose patron is done is not (it is someone
        else's, and the screen asks to take it away)."""
        card = self._reader_card
        if card is None or self._reader_card_used:
            return []
        return self.card(card, now, on_reader=True)

    def _known_title(self, barcode: str) -> str:
        for loan in self.view.loans:
            if loan.item.barcode == barcode and loan.item.title:
                return loan.item.title
        return next((r.title for r in self.view.rows if r.barcode == barcode and r.title), "")

    def _continue(self, now: float) -> None:
        if self.view.screen == Screen.TIMEOUT:
            self._s.timeout_at = None
            self._set(screen=self._s.resume, countdown_s=None)
            self._touch(now)

    def _finish(self, now: float) -> None:
        self._s.who = None
        self._s.pending_credential = None
        self._s.summary_until = now + self.settings.summary_s
        self._set(
            screen=Screen.SUMMARY, countdown_s=self.settings.summary_s, busy=False, message=None
        )

    def _wipe(self, screen: Screen) -> None:
        """Forget the patron entirely, keeping only kiosk-wide conditions."""
        offline, limit = self.view.offline, self.view.offline_limit
        self._s = _State(last_activity=self._s.last_activity, in_flight=0)
        self._s.view = SessionView(screen=screen, offline=offline, offline_limit=limit)


def _row(result: ActResult) -> ItemRow:
    routing = result.routing
    return ItemRow(
        kind=result.kind,
        barcode=result.item_barcode,
        pending=False,
        outcome=result.outcome,
        code=result.code,
        title=result.title,
        due=result.due,
        routing_action=routing.action if routing else None,
        routing_library=routing.library if routing else None,
        provisional=result.outcome == Outcome.PROVISIONAL,
        library_message=result.library_message,
        library_message_language=result.library_message_language,
    )


def _offline_name(credential: Credential) -> str:
    from patron_identity.masking import mask_name

    return mask_name(credential.name) if credential.name else ""
