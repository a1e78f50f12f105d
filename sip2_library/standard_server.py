"""A SIP2 2.00 library system as Koha or Evergreen run one, on pysip2's server and codec.

The kiosk's own SIP2 code is not used here: the frames are read and written by pysip2 (PyPI),
so the kiosk is tested against a server nobody on the client side wrote. Three things are
added around pysip2's server: fault knobs, the 3M extension fields of a checkin reply (CT
destination location, CV alert type, CY hold patron) that pysip2's models lack, and handlers
backed by :class:`~sip2_library.library.LibrarySystem`.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Callable, Coroutine
from typing import Any

import anyio
from anyio.abc import SocketAttribute, SocketStream
from pysip2 import (
    CHECKIN,
    CHECKOUT,
    END_PATRON_SESSION,
    ITEM_INFORMATION,
    LOGIN,
    PATRON_INFORMATION,
    PATRON_STATUS,
    RENEW,
    RENEW_ALL,
    CheckinRequest,
    CheckinResponse,
    CheckoutRequest,
    CheckoutResponse,
    EndPatronSessionRequest,
    EndSessionResponse,
    ItemInformationRequest,
    ItemInformationResponse,
    LoginRequest,
    LoginResponse,
    PatronInformationRequest,
    PatronInformationResponse,
    PatronStatusRequest,
    PatronStatusResponse,
    RenewAllRequest,
    RenewAllResponse,
    RenewRequest,
    RenewResponse,
    SIP2Server,
    calculate_checksum,
    encode_message,
)
from pysip2.codec import DecodedMessage
from pysip2.models import SIPMessage, SIPResponse

from .library import ItemStatus, LibrarySystem, PatronView, Refusal, Routing
from .runner import Faults, ServerThread, corrupt_checksum

EXTRA_FIELDS = "extra_fields"

# English screen messages, worded as the common open-source systems word them.
MESSAGES = {
    Refusal.PATRON_NOT_FOUND: "Invalid patron",
    Refusal.WRONG_PIN: "Invalid patron password",
    Refusal.PATRON_BLOCKED: "Patron blocked",
    Refusal.CARD_EXPIRED: "Patron card expired",
    Refusal.FINES_OVER_LIMIT: "Patron has fines over the limit",
    Refusal.ITEM_NOT_FOUND: "Invalid item",
    Refusal.ON_LOAN_TO_ANOTHER: "Item checked out to another patron",
    Refusal.HELD_FOR_ANOTHER: "Item on hold for another patron",
    Refusal.NOT_ON_LOAN_TO_PATRON: "Item not checked out to this patron",
    Refusal.RENEWAL_LIMIT: "Renewal limit reached",
    Refusal.NOT_ON_LOAN: "Item was not checked out",
    Refusal.NOT_LOANABLE: "Item not for loan",
}

# Circulation status (2.00 spec, message 18).
CIRCULATION_STATUS = {
    ItemStatus.AVAILABLE: "03",
    ItemStatus.ON_LOAN: "04",
    ItemStatus.ON_HOLD_SHELF: "08",
    ItemStatus.IN_TRANSIT: "10",
    ItemStatus.MISSING: "13",
}

BLOCK_POSITIONS = {
    Refusal.PATRON_BLOCKED: (0, 1, 2, 3),
    Refusal.CARD_EXPIRED: (0, 1, 2, 3),
    Refusal.FINES_OVER_LIMIT: (0, 10),
}


def sip_date(value: dt.datetime) -> str:
    """The 18-character SIP2 date, local time (blank zone)."""
    return value.strftime("%Y%m%d") + "    " + value.strftime("%H%M%S")


def parse_sip_date(value: str) -> dt.datetime | None:
    """An 18-character SIP2 date, or None when blank or malformed."""
    if len(value) != 18 or not value.strip():
        return None
    try:
        return dt.datetime.strptime(value[:8] + value[12:], "%Y%m%d%H%M%S")
    except ValueError:
        return None


def patron_status_field(view: PatronView | None) -> str:
    flags = [" "] * 14
    if view is not None:
        for refusal in view.refusals:
            for position in BLOCK_POSITIONS.get(refusal, ()):
                flags[position] = "Y"
    return "".join(flags)


def money(cents: int) -> str:
    return f"{cents / 100:.2f}"


class _Sip2Acs(SIP2Server):
    """pysip2's server with fault knobs and the 3M extension fields in replies."""

    def __init__(self, faults: Faults, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.faults = faults

    async def _process_frame(self, stream: SocketStream, state: Any, frame: bytes) -> None:
        if self.faults.take("resend"):
            await self._send_96(stream, state)
            return
        await super()._process_frame(stream, state, frame)

    async def _send(self, stream: SocketStream, state: Any, frame: bytes) -> None:
        if self.faults.delay > 0:
            await anyio.sleep(self.faults.delay)
        # The good frame is the one to send again on a 97: only this sending is corrupted.
        state.last_response = frame
        if self.faults.take("bad_checksum"):
            frame = corrupt_checksum(frame)
        self.faults.replies += 1
        if self.faults.take("drop_mid_reply"):
            await stream.send(frame[: len(frame) // 2])
            await stream.aclose()
            raise anyio.ClosedResourceError
        await stream.send(frame)

    async def _write_response(
        self,
        stream: SocketStream,
        state: Any,
        decoded: DecodedMessage[SIPMessage],
        response: SIPResponse,
    ) -> None:
        extras: list[tuple[str, str]] = state.app_state.pop(EXTRA_FIELDS, [])
        if not extras:
            await super()._write_response(stream, state, decoded, response)
            return
        body = encode_message(
            response, encoding=self.encoding, field_delimiter=self.field_delimiter
        )[:-1]
        for field_id, value in extras:
            body += field_id.encode("ascii") + value.encode(self.encoding) + b"|"
        if decoded.checksum is None:
            frame = body + b"\r"
        else:
            prefix = body + f"AY{decoded.sequence_number}AZ".encode("ascii")
            frame = prefix + calculate_checksum(prefix).encode("ascii") + b"\r"
        await self._send(stream, state, frame)


class StandardSip2Server(ServerThread):
    """A standard-dialect library system: pysip2 framing, SQLite data, knobs for each behaviour.

    ``accounts`` maps a login user id (CN) to its password (CO); any other login is refused and
    the connection closed. ``error_detection`` True answers 96 to a frame without a valid
    ``AY…AZ`` trailer. The library's :class:`Policy` carries ``honours_no_block``.
    """

    thread_name = "sip2-standard"

    def __init__(
        self,
        library: LibrarySystem,
        *,
        institution: str,
        accounts: dict[str, str],
        error_detection: bool = True,
        login_required: bool = True,
        encoding: str = "utf-8",
        host: str = "127.0.0.1",
        port: int = 0,
    ) -> None:
        super().__init__(library, host=host, port=port)
        self.institution = institution
        self.accounts = dict(accounts)
        self.error_detection = error_detection
        self.login_required = login_required
        self.encoding = encoding

    def _serve(
        self, ready: Callable[[int], None], stop: asyncio.Event
    ) -> Coroutine[Any, Any, None]:
        return self._serve_app(ready, stop)

    async def _serve_app(self, ready: Callable[[int], None], stop: asyncio.Event) -> None:
        app = self._build_app()
        # Not app.start(): it leaves its listening socket open after the server stops (the
        # port stays taken until garbage collection), so the listener is closed here.
        listener = await app.listen(self.host, self.port)
        async with listener, anyio.create_task_group() as group:
            group.start_soon(listener.serve, app._handle_connection)
            ready(listener.extra(SocketAttribute.local_port))
            await stop.wait()
            group.cancel_scope.cancel()

    def _build_app(self) -> _Sip2Acs:
        app = _Sip2Acs(
            self.faults,
            error_detection="required" if self.error_detection else "auto",
            encoding=self.encoding,
            institution_id=self.institution,
            library_name=self.library.institution_name(self.institution),
            login_required=self.login_required,
            offline_ok=True,
        )
        lib = self.library

        @app.route(LOGIN)
        async def login(req: LoginRequest, ctx: Any) -> LoginResponse:
            ok = self.accounts.get(req.login_user_id) == req.login_password
            return LoginResponse(ok="1" if ok else "0")

        @app.route(PATRON_STATUS)
        async def patron_status(req: PatronStatusRequest, ctx: Any) -> PatronStatusResponse:
            view = lib.patron(req.patron_identifier, req.patron_password or None)
            return PatronStatusResponse(
                patron_status=patron_status_field(view),
                language=req.language,
                transaction_date=sip_date(lib.now()),
                institution_id=req.institution_id,
                patron_identifier=req.patron_identifier,
                personal_name=view.name if view else "",
                valid_patron="Y" if view else "N",
                valid_patron_password=_pin_flag(view),
                currency_type="CNY",
                fee_amount=money(view.fines_cents) if view else None,
                screen_message=_patron_messages(view),
            )

        @app.route(PATRON_INFORMATION)
        async def patron_information(
            req: PatronInformationRequest, ctx: Any
        ) -> PatronInformationResponse:
            view = lib.patron(req.patron_identifier, req.patron_password)
            if view is None:
                return ctx.decline(MESSAGES[Refusal.PATRON_NOT_FOUND])
            summary = req.summary
            window = _window(req.start_item, req.end_item)
            return PatronInformationResponse(
                patron_status=patron_status_field(view),
                language=req.language,
                transaction_date=sip_date(lib.now()),
                hold_items_count=f"{len(view.holds):04d}",
                overdue_items_count=f"{len(view.overdue):04d}",
                charged_items_count=f"{len(view.charged):04d}",
                fine_items_count=f"{1 if view.fines_cents else 0:04d}",
                recall_items_count="0000",
                unavailable_holds_count=f"{len(view.holds) - len(view.ready_holds):04d}",
                institution_id=req.institution_id,
                patron_identifier=view.barcode,
                personal_name=view.name,
                valid_patron="Y",
                valid_patron_password=_pin_flag(view),
                currency_type="CNY",
                fee_amount=money(view.fines_cents),
                fee_limit=money(view.fine_limit_cents),
                charged_items_limit=None
                if lib.policy.loan_limit is None
                else f"{lib.policy.loan_limit:04d}",
                hold_items=window(view.holds) if summary[0] == "Y" else (),
                overdue_items=window(view.overdue) if summary[1] == "Y" else (),
                charged_items=window(view.charged) if summary[2] == "Y" else (),
                screen_message=_patron_messages(view),
            )

        @app.route(CHECKOUT)
        async def checkout(req: CheckoutRequest, ctx: Any) -> CheckoutResponse:
            out = lib.checkout(
                req.patron_identifier,
                req.item_identifier,
                pin=req.patron_password,
                no_block=req.no_block == "Y",
                transaction_at=parse_sip_date(req.transaction_date),
                due_at=parse_sip_date(req.nb_due_date),
            )
            return CheckoutResponse(
                ok="1" if out.ok else "0",
                renewal_ok="Y" if out.renewal else "N",
                magnetic_media="N",
                desensitize="Y" if out.ok else "N",
                transaction_date=sip_date(lib.now()),
                institution_id=req.institution_id,
                patron_identifier=req.patron_identifier,
                item_identifier=req.item_identifier,
                title_identifier=out.title,
                due_date=sip_date(out.due_at) if out.ok and out.due_at else "",
                screen_message=(MESSAGES[out.refusal],) if out.refusal else (),
            )

        @app.route(CHECKIN)
        async def checkin(req: CheckinRequest, ctx: Any) -> CheckinResponse:
            here = req.current_location if lib.is_institution(req.current_location) else ""
            out = lib.checkin(
                req.item_identifier,
                here or req.institution_id,
                no_block=req.no_block == "Y",
                transaction_at=parse_sip_date(req.return_date),
            )
            extras: list[tuple[str, str]] = []
            if out.routing is not Routing.SHELVE:
                extras += [("CT", out.destination), ("CV", out.routing.value)]
            if out.hold_patron:
                extras.append(("CY", out.hold_patron))
            ctx.connection.state[EXTRA_FIELDS] = extras
            return CheckinResponse(
                ok="1" if out.ok else "0",
                resensitize="Y" if out.ok else "N",
                magnetic_media="N",
                alert="Y" if out.routing is not Routing.SHELVE else "N",
                transaction_date=sip_date(lib.now()),
                institution_id=req.institution_id,
                item_identifier=req.item_identifier,
                permanent_location=out.permanent_location,
                title_identifier=out.title or None,
                sort_bin=_sort_bin(out.routing) if out.ok else None,
                patron_identifier=out.patron_barcode or None,
                screen_message=(MESSAGES[out.refusal],) if out.refusal else (),
            )

        @app.route(RENEW)
        async def renew(req: RenewRequest, ctx: Any) -> RenewResponse:
            out = lib.renew(
                req.patron_identifier,
                req.item_identifier or "",
                pin=req.patron_password,
                no_block=req.no_block == "Y",
                transaction_at=parse_sip_date(req.transaction_date),
            )
            return RenewResponse(
                ok="1" if out.ok else "0",
                renewal_ok="Y" if out.ok else "N",
                magnetic_media="N",
                desensitize="Y" if out.ok else "N",
                transaction_date=sip_date(lib.now()),
                institution_id=req.institution_id,
                patron_identifier=req.patron_identifier,
                item_identifier=req.item_identifier or "",
                title_identifier=out.title,
                due_date=sip_date(out.due_at) if out.due_at else "",
                screen_message=(MESSAGES[out.refusal],) if out.refusal else (),
            )

        @app.route(RENEW_ALL)
        async def renew_all(req: RenewAllRequest, ctx: Any) -> RenewAllResponse:
            view = lib.patron(req.patron_identifier, req.patron_password)
            if view is None or view.pin_ok is False:
                refusal = Refusal.PATRON_NOT_FOUND if view is None else Refusal.WRONG_PIN
                return ctx.decline(MESSAGES[refusal])
            outcomes = lib.renew_all(req.patron_identifier, pin=req.patron_password)
            renewed = tuple(o.item_barcode for o in outcomes if o.ok)
            unrenewed = tuple(o.item_barcode for o in outcomes if not o.ok)
            return RenewAllResponse(
                ok="1",
                renewed_count=f"{len(renewed):04d}",
                unrenewed_count=f"{len(unrenewed):04d}",
                transaction_date=sip_date(lib.now()),
                institution_id=req.institution_id,
                renewed_items=renewed,
                unrenewed_items=unrenewed,
            )

        @app.route(ITEM_INFORMATION)
        async def item_information(
            req: ItemInformationRequest, ctx: Any
        ) -> ItemInformationResponse:
            item = lib.item(req.item_identifier)
            if item is None:
                return ItemInformationResponse(
                    circulation_status="01",
                    security_marker="00",
                    fee_type="01",
                    transaction_date=sip_date(lib.now()),
                    item_identifier=req.item_identifier,
                    title_identifier="",
                    screen_message=(MESSAGES[Refusal.ITEM_NOT_FOUND],),
                )
            return ItemInformationResponse(
                circulation_status=CIRCULATION_STATUS[item.status],
                security_marker="02",
                fee_type="01",
                transaction_date=sip_date(lib.now()),
                hold_queue_length=str(item.hold_queue),
                due_date=sip_date(item.due_at) if item.due_at else None,
                item_identifier=item.barcode,
                title_identifier=item.title,
                owner=item.owner_institution,
                permanent_location=item.permanent_location,
                current_location=item.owner_institution,
            )

        @app.route(END_PATRON_SESSION)
        async def end_session(req: EndPatronSessionRequest, ctx: Any) -> EndSessionResponse:
            return EndSessionResponse(
                end_session="Y",
                transaction_date=sip_date(lib.now()),
                institution_id=req.institution_id,
                patron_identifier=req.patron_identifier,
            )

        return app


def _pin_flag(view: PatronView | None) -> str | None:
    if view is None or view.pin_ok is None:
        return None
    return "Y" if view.pin_ok else "N"


def _patron_messages(view: PatronView | None) -> tuple[str, ...]:
    if view is None:
        return (MESSAGES[Refusal.PATRON_NOT_FOUND],)
    return tuple(MESSAGES[r] for r in view.refusals)


def _sort_bin(routing: Routing) -> str:
    return {
        Routing.SHELVE: "SHELF",
        Routing.HOLD_HERE: "HOLDS",
        Routing.HOLD_ELSEWHERE: "TRANSIT",
        Routing.TRANSIT_HOME: "TRANSIT",
    }[routing]


def _window(start: str | None, end: str | None) -> Callable[[tuple[str, ...]], tuple[str, ...]]:
    """BP/BQ: the 1-based range of items a patron information request asks for."""

    def pick(items: tuple[str, ...]) -> tuple[str, ...]:
        first = int(start) if start and start.isdigit() else 1
        last = int(end) if end and end.isdigit() else len(items)
        return items[max(first, 1) - 1 : last]

    return pick
