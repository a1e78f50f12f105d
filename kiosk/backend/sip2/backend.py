"""The CirculationBackend port over SIP2: a library system (dp2, Koha, Evergreen, FOLIO …) as
the kiosk's library side. Qt-free; every call blocks on the network, so never on the GUI thread.

SIP2 has no transaction id, so exactly-once is the backend's job (docs/SIP2.md): an act
replayed from the journal (an offline act, or one whose online answer was lost) is sent only
after the library system was asked whether it already took effect."""

from __future__ import annotations

import datetime as dt
import logging
import secrets
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from kiosk.backend.errors import (
    BackendError,
    ProtocolViolation,
    ServiceMisconfigured,
    ServiceRefused,
)
from kiosk.backend.port import TxnRequest
from kiosk.backend.sip2 import mapping
from kiosk.backend.sip2.codec import Frame, format_sip_date, parse_sip_date
from kiosk.backend.sip2.connection import SipConnection, TrafficListener
from kiosk.backend.sip2.dialect import ItemIdForm
from kiosk.backend.sip2.messages import (
    Language,
    MessageCode,
    SummaryItem,
    Supported,
    summary,
    supports,
)
from kiosk.backend.sip2.settings import Sip2Settings
from kiosk.backend.types import (
    DATED_AT_REPLAY,
    Health,
    HoldReady,
    Item,
    ItemRef,
    Loan,
    Patron,
    PatronSession,
    TxnOutcome,
    TxnStatus,
)
from kiosk.core.results import ResultCode
from kiosk.domain import ActKind, Credential
from patron_identity.kinds import PERSON_KINDS, CredentialKind
from patron_identity.masking import mask_name

log = logging.getLogger(__name__)

# 63's summary asks for one list per request (2.00 allows one Y).
SUMMARY_CHARGED = summary(SummaryItem.CHARGED_ITEMS)
SUMMARY_HOLDS = summary(SummaryItem.HOLD_ITEMS)
SUMMARY_NONE = summary()


@dataclass(frozen=True)
class _AtKiosk:
    """The patron a session token stands for: SIP2 names a patron by identifier (and PIN) on
    every request, so the kiosk keeps them for the session and never hands them out."""

    patron: str
    pin: str | None
    charged: frozenset[str]  # barcodes on loan to them when they identified

    def __repr__(self) -> str:
        return "_AtKiosk(…)"


class Sip2Backend:
    """``settings`` say where and how; ``on_traffic`` sees every frame (the technician's view,
    which masks); ``now`` is the kiosk's clock for transaction dates."""

    def __init__(
        self,
        settings: Sip2Settings,
        *,
        on_traffic: TrafficListener | None = None,
        now: Callable[[], dt.datetime] = dt.datetime.now,
        offline_loan_days: int = 14,
    ) -> None:
        self.settings = settings
        self.offline_loan_days = offline_loan_days  # the due date the kiosk told offline
        self.dialect = settings.build_dialect()
        self._now = now
        self._connection = SipConnection(
            settings.connection(), self.dialect, on_connect=self._login, on_traffic=on_traffic
        )
        self._sessions: dict[str, _AtKiosk] = {}
        self._lock = threading.Lock()
        self._told_mismatch = False
        self._supported: str | None = None  # 98's BX, once asked

    # ---- the connection -------------------------------------------------------------------
    def _login(self, connection: SipConnection) -> None:
        s = self.settings
        if not s.login_user:
            return
        reply = connection.request(
            MessageCode.LOGIN,
            {"uid_algorithm": "0", "pwd_algorithm": "0"},
            [("CN", s.login_user), ("CO", s.login_password), ("CP", s.location_code)],
        )
        if reply.fixed.get("ok") != "1":
            raise ServiceMisconfigured(
                "the library system refused the kiosk's SIP2 login", "sip2_login_refused", 401
            )

    def _ask(
        self, code: MessageCode, fixed: dict[str, str], fields: Sequence[tuple[str, str]]
    ) -> Frame:
        reply = self._connection.request(code, fixed, list(fields))
        finding = self._connection.mismatch
        if finding and not self._told_mismatch:
            self._told_mismatch = True
            log.error("SIP2: %s", finding)
        return reply

    @property
    def mismatch(self) -> str | None:
        """A plain sentence when the server seems to speak another dialect (technician page)."""
        return self._connection.mismatch

    def close(self) -> None:
        self._connection.close()

    # ---- helpers --------------------------------------------------------------------------
    def _stamp(self, when: dt.datetime | None = None) -> str:
        return format_sip_date(when or self._now())

    def _base(self) -> list[tuple[str, str]]:
        return [("AO", self.settings.institution_id)]

    def _terminal(self) -> list[tuple[str, str]]:
        # 2.00 requires AC on checkout, checkin and patron status even when it is empty, and
        # strict servers close the connection without it.
        return [("AC", self.settings.terminal_password)]

    def _item_id(self, barcode: str) -> str:
        return self.dialect.item_identifier(barcode, self.settings.institution_id)

    def _barcode(self, item_id: str) -> str:
        if self.dialect.item_id_form is ItemIdForm.INSTITUTION_DOT_BARCODE and "." in item_id:
            return item_id.split(".", 1)[1]
        return item_id

    def _patron_id(self, credential: Credential) -> str:
        if credential.kind in PERSON_KINDS:
            return self.dialect.patron_identifier(credential.value)
        return credential.value.strip()

    def _date(self, value: str) -> dt.date | None:
        parsed = self.dialect.parse_date(value) if value.strip() else None
        if parsed is None:
            parsed = parse_sip_date(value)  # some systems write 2.00 dates whatever else
        return parsed.date() if parsed else None

    def _item_frame(self, barcode: str) -> Frame:
        return self._ask(
            MessageCode.ITEM_INFORMATION,
            {"transaction_date": self._stamp()},
            [*self._base(), ("AB", self._item_id(barcode)), *self._terminal()],
        )

    def _item_or_none(self, barcode: str) -> Frame | None:
        try:
            return self._item_frame(barcode)
        except ServiceRefused:
            return None

    def _patron_frame(self, patron: str, pin: str | None, summary: str) -> Frame:
        fields = [*self._base(), ("AA", patron), *self._terminal()]
        if pin is not None:
            fields.append(("AD", pin))
        if summary.strip():
            fields += [("BP", "1"), ("BQ", str(max(1, self.settings.account_items)))]
        return self._ask(
            MessageCode.PATRON_INFORMATION,
            {
                "language": Language.UNKNOWN.value,
                "transaction_date": self._stamp(),
                "summary": summary,
            },
            fields,
        )

    def _charged(self, patron: str, pin: str | None) -> set[str]:
        reply = self._patron_frame(patron, pin, SUMMARY_CHARGED)
        return {self._barcode(v) for v in reply.all("AU")}

    def _who(self, request: TxnRequest) -> tuple[str, str | None]:
        """The patron an act is for: the session's online, the card's offline."""
        if request.session is not None:
            with self._lock:
                at = self._sessions.get(request.session)
            if at is None:
                raise ServiceRefused("no such patron session here", "session_invalid", 401)
            return at.patron, at.pin
        if request.credential is not None:
            return self._patron_id(request.credential), None
        raise ServiceRefused("an act without its patron", "session_required", 401)

    def status(self) -> Frame:
        """99 → 98: the system's status (after the login, on a fresh connection); its BX says
        which messages the system takes (kept for the choices below)."""
        reply = self._ask(
            MessageCode.SC_STATUS,
            {"status_code": "0", "max_print_width": "040", "protocol_version": "2.00"},
            [],
        )
        self._supported = reply.first("BX")
        return reply

    def _takes(self, message: Supported) -> bool:
        if self._supported is None:
            try:
                self.status()
            except ServiceRefused:
                self._supported = ""
        return supports(self._supported or "", message)

    # ---- the port ---------------------------------------------------------------------------
    def health(self) -> Health:
        started = time.monotonic()
        reply = self.status()
        elapsed = time.monotonic() - started
        online = reply.fixed.get("online_status") == "Y"
        when = parse_sip_date(reply.fixed.get("date_time_sync", ""))
        if when is not None and when.tzinfo is None:
            when = when.astimezone()  # the system's local time, as the kiosk's
        status = "ok" if online and self.mismatch is None else "degraded"
        return Health(status, when, f"sip2 {reply.fixed.get('protocol_version', '')}", elapsed)

    def lookup_patron(self, credential: Credential, pin: str | None = None) -> Patron:
        patron = self._patron_id(credential)
        needs_pin = (
            credential.kind == CredentialKind.LIBRARY_CARD and self.settings.pin_for_library_cards
        )
        if needs_pin and not pin:
            raise ServiceRefused("this card needs its PIN", "pin_required", 401)
        if not self._takes(Supported.PATRON_INFORMATION):
            return self._patron_status_only(patron, pin, needs_pin)
        reply = self._patron_frame(patron, pin, SUMMARY_CHARGED)
        if pin and reply.first("BL") == "N" and self._pin_was_wrong(patron):
            raise ServiceRefused("wrong PIN", "pin_invalid", 401)
        registered = False
        if reply.first("BL") == "N" and self._may_register(credential):
            self._register(credential, patron)
            reply = self._patron_frame(patron, pin, SUMMARY_CHARGED)
            registered = reply.first("BL") != "N"
        if reply.first("BL") == "N":
            raise ServiceRefused(
                "the library system does not know this card", "patron_not_found", 404
            )
        if needs_pin and reply.first("CQ") == "N":
            raise ServiceRefused("wrong PIN", "pin_invalid", 401)
        charged = [self._barcode(v) for v in reply.all("AU")]
        holds_reply = self._patron_frame(patron, pin, SUMMARY_HOLDS)
        held = [self._barcode(v) for v in holds_reply.all("AS")]
        return self._patron(
            patron,
            pin,
            reply,
            charged,
            loan_limit=_int(reply.first("CB")),
            registered_now=registered,
            loans=tuple(self._loans(charged)),
            holds_ready=tuple(self._holds(held)),
        )

    def _patron(
        self, patron: str, pin: str | None, reply: Frame, charged: list[str], **more: Any
    ) -> Patron:
        """The patron a 64 or 24 describes, with a session of this kiosk's own for them."""
        token = secrets.token_urlsafe(24)
        with self._lock:
            self._sessions[token] = _AtKiosk(patron, pin, frozenset(charged))
        name = reply.first("AE").strip()
        return Patron(
            patron_id=patron,
            display_name=mask_name(name) if name else "",
            home_library=self.settings.institution_id,
            blocks=mapping.blocks(reply.fixed.get("patron_status", "")),
            fines_cents=mapping.cents(reply.first("BV")),
            session=PatronSession(token),
            **more,
        )

    def _patron_status_only(self, patron: str, pin: str | None, needs_pin: bool) -> Patron:
        """23 → 24, for a system that offers no patron information: the patron's standing,
        not their loans (the account screen says it cannot show them)."""
        fields = [*self._base(), ("AA", patron), *self._terminal(), ("AD", pin or "")]
        reply = self._ask(
            MessageCode.PATRON_STATUS,
            {"language": Language.UNKNOWN.value, "transaction_date": self._stamp()},
            fields,
        )
        if reply.first("BL") == "N":
            raise ServiceRefused(
                "the library system does not know this card", "patron_not_found", 404
            )
        if needs_pin and reply.first("CQ") == "N":
            raise ServiceRefused("wrong PIN", "pin_invalid", 401)
        return self._patron(patron, pin, reply, [], account_known=False)

    def _pin_was_wrong(self, patron: str) -> bool:
        """After "no such patron" to a request with a PIN: whether the system knows the card.
        dp2 answers a wrong password as it answers an unknown card (BL N, CQ N, 卡号或密码不正确);
        asked again without the PIN, it says BL Y for a card it has, so the PIN was wrong."""
        return self._patron_frame(patron, None, SUMMARY_NONE).first("BL") != "N"

    def _may_register(self, credential: Credential) -> bool:
        return (
            self.dialect.registration_extension
            and credential.kind == CredentialKind.ID_CARD
            and credential.chip_verified
            and bool(credential.name)
        )

    def _register(self, credential: Credential, patron: str) -> None:
        """dp2's 81: a resident ID card read from its chip becomes a patron on first use."""
        reply = self._ask(
            MessageCode.DP2_SET_PATRON,
            {"transaction_date": self._stamp()},
            [
                *self._base(),
                ("XK", "01"),
                ("AA", patron),
                ("XO", credential.value),
                ("AE", credential.name or ""),
                *self._terminal(),
            ],
        )
        if reply.first("OK") not in ("1", "Y"):
            log.info("first-use registration refused by the library system")

    def _loans(self, barcodes: list[str]) -> list[Loan]:
        today = self._now().date()
        loans = []
        for barcode in barcodes[: self.settings.account_items]:
            item = self._item_or_none(barcode)
            title = item.first("AJ") if item else ""
            due = self._date(item.first("AH")) if item else None
            due = due or today
            loans.append(Loan(ItemRef(barcode, title or barcode), due, due < today, 1))
        return loans

    def _holds(self, barcodes: list[str]) -> list[HoldReady]:
        holds = []
        for barcode in barcodes[: self.settings.account_items]:
            item = self._item_or_none(barcode)
            if (
                item is None
                or mapping.status(item) is not mapping.CirculationStatus.WAITING_ON_HOLD_SHELF
            ):
                continue  # not yet ready for pickup
            title = item.first("AJ") or barcode
            where = item.first("BS") or item.first("AP") or self.settings.institution_id
            holds.append(HoldReady(ItemRef(barcode, title), where, self._date(item.first("CM"))))
        return holds

    def item(self, barcode: str) -> Item:
        reply = self._item_frame(barcode)
        if not mapping.known_item(reply):
            raise ServiceRefused("no such item", "item_not_found", 404)
        state = mapping.status(reply)
        return Item(
            barcode=barcode,
            title=reply.first("AJ"),
            author="",
            owner_library=reply.first("BG") or reply.first("AQ"),
            status="on_loan"
            if mapping.still_charged(reply)
            else (state.name.lower() if state else ""),
            due=self._date(reply.first("AH")),
        )

    def submit(self, request: TxnRequest) -> TxnOutcome:
        if request.offline:
            done = self._already_done(request)
            if done is not None:
                return done
        if request.kind == ActKind.BORROW:
            return self._checkout(request)
        if request.kind == ActKind.RETURN:
            return self._checkin(request)
        return self._renew(request)

    def submit_batch(self, requests: list[TxnRequest]) -> list[TxnOutcome]:
        """One by one, in order (SIP2 has no batches). A refusal is that act's answer; anything
        else stops the batch, and the replay asks before sending any of it again."""
        outcomes = []
        for request in requests:
            try:
                outcomes.append(self.submit(request))
            except ServiceRefused as exc:
                if isinstance(exc, ServiceMisconfigured):
                    raise
                outcomes.append(
                    TxnOutcome(request.txn_id, TxnStatus.REJECTED, exc.code, detail=exc.detail)
                )
        return outcomes

    # ---- acts -------------------------------------------------------------------------------
    def _dates(self, request: TxnRequest) -> tuple[str, str, str, bool]:
        """(no block, transaction date, no-block due date, dated at replay) for an act. The
        no-block due date is the one the patron was told offline; online it is unused, but
        strict servers want a date there, not blanks."""
        if not request.offline:
            now = self._stamp()
            return "N", now, now, False
        told = request.occurred_at + dt.timedelta(days=self.offline_loan_days)
        if self.dialect.honours_no_block:
            return "Y", self._stamp(request.occurred_at), self._stamp(told), False
        # The system would ignore both (dp2): send the act as it stands now, and say so.
        return "Y", self._stamp(), self._stamp(told), True

    def _accepted(
        self,
        request: TxnRequest,
        reply: Frame,
        *,
        replayed: bool = False,
        dated_now: bool = False,
        **more: object,
    ) -> TxnOutcome:
        title = reply.first("AJ")
        raw: dict[str, object] = {"sip2": reply.code.value}
        if dated_now:
            raw[DATED_AT_REPLAY] = True
        return TxnOutcome(
            request.txn_id,
            TxnStatus.ACCEPTED,
            ResultCode.OK,
            replayed=replayed,
            detail=DATED_AT_REPLAY if dated_now else "",
            item=ItemRef(request.item_barcode, title) if title else None,
            raw=raw,
            **more,  # type: ignore[arg-type]
        )

    def _refused(self, request: TxnRequest, code: ResultCode, reply: Frame) -> TxnOutcome:
        detail = reply.first("AF") if self.dialect.screen_messages_patron_friendly else ""
        language = self.settings.screen_message_language if detail else ""
        return TxnOutcome(
            request.txn_id,
            TxnStatus.REJECTED,
            code,
            detail=detail,
            patron_message=detail,
            patron_message_language=language,
            raw={"sip2": reply.code.value},
        )

    def _checkout(self, request: TxnRequest) -> TxnOutcome:
        patron, pin = self._who(request)
        if request.session is not None:
            with self._lock:
                at = self._sessions.get(request.session)
            if at is not None and request.item_barcode in at.charged:
                # Many systems take a second checkout as a renewal: the patron is told instead.
                return TxnOutcome(
                    request.txn_id, TxnStatus.REJECTED, ResultCode.ALREADY_BORROWED_BY_YOU
                )
        no_block, when, nb_due, dated_now = self._dates(request)
        fields = [
            *self._base(),
            ("AA", patron),
            ("AB", self._item_id(request.item_barcode)),
            *self._terminal(),
        ]
        if pin:
            fields.append(("AD", pin))
        reply = self._ask(
            MessageCode.CHECKOUT,
            {
                "sc_renewal_policy": "N",
                "no_block": no_block,
                "transaction_date": when,
                "nb_due_date": nb_due,
            },
            fields,
        )
        if reply.fixed.get("ok") == "1":
            return self._accepted(
                request, reply, dated_now=dated_now, due=self._date(reply.first("AH"))
            )
        item = self._item_or_none(request.item_barcode)
        blocked = False
        if item is not None and mapping.known_item(item) and not mapping.still_charged(item):
            blocked = bool(
                mapping.blocks(
                    self._patron_frame(patron, pin, SUMMARY_NONE).fixed.get("patron_status", "")
                )
            )
        return self._refused(request, mapping.checkout_refusal(item, blocked), reply)

    def _checkin(self, request: TxnRequest) -> TxnOutcome:
        no_block, when, _nb_due, dated_now = self._dates(request)
        returned = self._stamp(request.occurred_at) if not dated_now else when
        reply = self._checkin_frame(request.item_barcode, no_block, when, returned)
        if reply.fixed.get("ok") == "1":
            route = mapping.routing(reply, self.settings.institution_id)
            return self._accepted(request, reply, dated_now=dated_now, routing=route)
        return self._refused(
            request, mapping.checkin_refusal(self._item_or_none(request.item_barcode)), reply
        )

    def _checkin_frame(self, barcode: str, no_block: str, when: str, returned: str) -> Frame:
        return self._ask(
            MessageCode.CHECKIN,
            {"no_block": no_block, "transaction_date": when, "return_date": returned},
            [
                ("AP", self.settings.location_code),
                *self._base(),
                ("AB", self._item_id(barcode)),
                *self._terminal(),
            ],
        )

    def _renew(self, request: TxnRequest) -> TxnOutcome:
        patron, pin = self._who(request)
        fields = [
            *self._base(),
            ("AA", patron),
            ("AB", self._item_id(request.item_barcode)),
            *self._terminal(),
        ]
        if pin:
            fields.append(("AD", pin))
        reply = self._ask(
            MessageCode.RENEW,
            {
                "third_party_allowed": "N",
                "no_block": "N",
                "transaction_date": self._stamp(),
                "nb_due_date": self._stamp(),
            },
            fields,
        )
        if reply.fixed.get("ok") == "1":
            return self._accepted(request, reply, due=self._date(reply.first("AH")))
        return self._refused(
            request, mapping.renew_refusal(self._item_or_none(request.item_barcode)), reply
        )

    def _already_done(self, request: TxnRequest) -> TxnOutcome | None:
        """Whether a replayed act already took effect (its first sending may have been
        applied with the answer lost): asked, never guessed by sending it again."""
        if request.kind == ActKind.BORROW:
            patron, pin = self._who(request)
            if request.item_barcode in self._charged(patron, pin):
                item = self._item_or_none(request.item_barcode)
                due = self._date(item.first("AH")) if item else None
                log.info("a replayed checkout had taken effect already: not sent again")
                return TxnOutcome(
                    request.txn_id,
                    TxnStatus.ACCEPTED,
                    ResultCode.OK,
                    replayed=True,
                    due=due,
                    raw={"sip2": "63"},
                )
            return None
        if request.kind == ActKind.RETURN:
            item = self._item_or_none(request.item_barcode)
            if item is not None and mapping.known_item(item) and not mapping.still_charged(item):
                log.info("a replayed checkin had taken effect already: not sent again")
                return TxnOutcome(
                    request.txn_id,
                    TxnStatus.ACCEPTED,
                    ResultCode.OK,
                    replayed=True,
                    raw={"sip2": "18"},
                )
            return None
        # A renewal is never replayed blind: it is not sent again (the patron was told it did
        # not happen when its answer was lost), and staff see it.
        return TxnOutcome(request.txn_id, TxnStatus.REJECTED, ResultCode.OUTCOME_UNKNOWN)

    def void(self, txn_id: str, act: TxnRequest | None = None) -> TxnOutcome:
        """Undo an act the patron was told did not happen. Over SIP2 only a checkout can be
        undone (a checkin, while the item is still charged to that patron); a checkin cannot,
        and a renewal needs nothing (the loan stands as it was, only later)."""
        if act is None:
            raise ServiceRefused("a SIP2 void needs the act", "void_not_possible", 409)
        if act.kind == ActKind.RENEW:
            return TxnOutcome(txn_id, TxnStatus.VOIDED, ResultCode.VOIDED)
        if act.kind == ActKind.RETURN:
            raise ServiceRefused("a checkin cannot be undone over SIP2", "void_not_possible", 409)
        patron, pin = (act.patron_ref, None) if act.patron_ref else self._who(act)
        if act.item_barcode not in self._charged(patron, pin):
            return TxnOutcome(txn_id, TxnStatus.VOIDED, ResultCode.VOIDED)
        now = self._stamp()
        reply = self._checkin_frame(act.item_barcode, "N", now, now)
        if reply.fixed.get("ok") != "1":
            raise ServiceRefused(
                "the library system refused the undoing checkin", "void_not_possible", 409
            )
        return TxnOutcome(txn_id, TxnStatus.VOIDED, ResultCode.VOIDED)

    def end_session(self, session_id: str) -> None:
        with self._lock:
            at = self._sessions.pop(session_id, None)
        if at is None or not self._takes(Supported.END_PATRON_SESSION):
            return
        fields = [*self._base(), ("AA", at.patron), *self._terminal()]
        if at.pin:
            fields.append(("AD", at.pin))
        try:
            self._ask(MessageCode.END_PATRON_SESSION, {"transaction_date": self._stamp()}, fields)
        except ProtocolViolation:
            pass  # a system without 35 has nothing to end
        except BackendError as exc:
            log.info("SIP2 end patron session not answered: %s", exc.code)


def _int(value: str) -> int:
    try:
        return int(value.strip() or "0")
    except ValueError:
        return 0
