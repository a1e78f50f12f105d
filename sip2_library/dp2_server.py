"""A library system speaking SIP2 the way DigitalPlatform's dp2 SIP server (dp2Capo) does.

Written from reading dp2's public source, github.com/DigitalPlatform/chord (snapshot 5a639f6d):
``DigitalPlatform.SIP.Server/SipServer.cs`` (framing: a request ends at the first CR or LF, and
that byte is remembered as the channel's terminator), ``DigitalPlatform.SIP.Server/SipChannel.cs``
(per-connection encoding, null until login; last reply kept for 96) and
``dp2Capo/SipProcessor.cs`` (GBK (code page 936) before login and the account's encoding after;
``AddChecksumForMessage``: ``|AY4AZ`` appended with a fixed sequence number 4 and a checksum over
the reply's characters *before* that trailer; ``AddOI``: item identifiers ``OI.barcode``;
``yyyy-MM-dd`` due dates; Chinese screen messages; 81/82 patron registration; 96 answered
with the last reply; unknown commands answered with ``无法识别的命令'xx'``). No code is copied:
this is a re-implementation of the behaviour on :class:`LibrarySystem`. Texts that dp2 takes
from dp2library (not in that repository) are worded here; see docs/SIP2_TEST_SERVERS.md.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import socket
import urllib.parse
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from typing import Any, Protocol

from .library import ItemStatus, LibrarySystem, LoanOutcome, PatronView, Refusal, Routing
from .runner import ServerThread, corrupt_checksum

PRE_LOGIN_ENCODING = "gbk"  # .NET Encoding.GetEncoding(936)
MAX_PACKAGE = 4096
REGISTRATION_INSTITUTION = "dp2Library"  # 82 replies carry this literal AO
NOT_LOGGED_IN = "not login. (SIP channel instance name ('InstanceName') has not initialized)"

# Fixed-field length after the two-character command, per request the server reads.
FIXED = {"93": 2, "99": 8, "11": 38, "09": 37, "63": 31, "17": 18, "29": 38, "35": 18}

REFUSALS = {
    Refusal.PATRON_NOT_FOUND: "读者证号 '{patron}' 不存在",
    Refusal.WRONG_PIN: "密码错误",
    Refusal.PATRON_BLOCKED: "读者证状态为 暂停",
    Refusal.CARD_EXPIRED: "读者证已超过失效期",
    Refusal.FINES_OVER_LIMIT: "读者有未交纳的违约金",
    Refusal.ITEM_NOT_FOUND: "册条码号 '{item}' 不存在",
    Refusal.ON_LOAN_TO_ANOTHER: "册 '{item}' 已被其他读者借阅",
    Refusal.HELD_FOR_ANOTHER: "册 '{item}' 已被其他读者预约",
    Refusal.NOT_ON_LOAN_TO_PATRON: "册 '{item}' 未被该读者借阅",
    Refusal.RENEWAL_LIMIT: "册 '{item}' 续借次数已满",
    Refusal.NOT_ON_LOAN: "册 '{item}' 未曾被借出",
    Refusal.NOT_LOANABLE: "册 '{item}' 不可外借",
}


class _LoanAct(Protocol):
    """``LibrarySystem.checkout`` or ``renew``, as the dp2 server calls them."""

    def __call__(
        self, patron_barcode: str, item_barcode: str, *, pin: str | None, verify_pin: bool
    ) -> LoanOutcome: ...


@dataclass(frozen=True)
class _LoanReply:
    """How dp2 words a checkout's (12) or a renewal's (30) answer."""

    refused: str  # the fixed fields of a refusal
    accepted: str  # the fixed fields of a success
    success: str  # AF and AG of a success


_CHECKOUT_REPLY = _LoanReply("120NNY", "121NNY", "成功")
_RENEW_REPLY = _LoanReply("300NNN", "301YNN", "续借成功")


@dataclass(frozen=True)
class Dp2Account:
    """A SIP account as dp2Capo configures one (its ``SipParam``)."""

    password: str
    institution: str  # the account's library code mapped to an institution (OI)
    encoding: str = "utf-8"  # dp2 DEFAULT_ENCODING_NAME
    date_format: str = "%Y-%m-%d"  # dp2 DEFAULT_DATE_FORMAT yyyy-MM-dd
    book_uii_strict: bool = False  # style "bookUiiStrict": AB must be OI.barcode
    charged_limit: int = 10


def dp2_checksum(text: str) -> str:
    """dp2's checksum: 16-bit sum of the reply's characters (UTF-16 code units), negated."""
    total = 0
    for char in text:
        code = ord(char)
        if code > 0xFFFF:  # a .NET string holds a surrogate pair
            code -= 0x10000
            total += 0xD800 + (code >> 10) + 0xDC00 + (code & 0x3FF)
        else:
            total += code
    return f"{(-total) & 0xFFFF:04X}"


def dp2_frame(body: str, terminator: bytes, encoding: str) -> bytes:
    """A reply as dp2 sends it: body, ``|AY4AZ`` (no extra bar after one), checksum, terminator."""
    trailer = "AY4AZ" if body.endswith("|") else "|AY4AZ"
    return (body + trailer + dp2_checksum(body)).encode(encoding, "replace") + terminator


def sip_now(now: dt.datetime) -> str:
    return now.strftime("%Y%m%d") + "    " + now.strftime("%H%M%S")


@dataclass
class _Request:
    code: str
    fixed: str
    text: str
    fields: dict[str, list[str]] = field(default_factory=dict)

    def get(self, field_id: str, default: str = "") -> str:
        values = self.fields.get(field_id)
        return values[0] if values else default


def parse_request(text: str) -> _Request:
    """Fixed part by the command's length, then ``XXvalue|`` fields (AY/AZ kept as fields)."""
    code = text[:2]
    width = FIXED.get(code, 0)
    fixed = text[2 : 2 + width]
    fields: dict[str, list[str]] = {}
    for part in text[2 + width :].split("|"):
        if len(part) >= 2:
            fields.setdefault(part[:2], []).append(part[2:])
    return _Request(code, fixed, text, fields)


@dataclass
class _Channel:
    """One TCP connection: dp2's SipChannel."""

    terminator: bytes = b"\r"
    encoding: str | None = None
    account: Dp2Account | None = None
    last_msg: str | None = None


class Dp2Sip2Server(ServerThread):
    """A dp2-dialect library system on loopback; see the module docstring for what it mimics."""

    thread_name = "sip2-dp2"

    def __init__(
        self,
        library: LibrarySystem,
        *,
        accounts: dict[str, Dp2Account],
        host: str = "127.0.0.1",
        port: int = 0,
    ) -> None:
        super().__init__(library, host=host, port=port)
        self.accounts = dict(accounts)

    # -- serving ------------------------------------------------------------------------------

    def _serve(
        self, ready: Callable[[int], None], stop: asyncio.Event
    ) -> Coroutine[Any, Any, None]:
        return self._serve_tcp(ready, stop)

    async def _serve_tcp(self, ready: Callable[[int], None], stop: asyncio.Event) -> None:
        # Its own accept loop rather than asyncio.start_server: every accepted socket is known
        # at once, so stop() closes each one (3.11's Server.close leaves connections open).
        loop = asyncio.get_running_loop()
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        connections: set[socket.socket] = set()
        tasks: set[asyncio.Task[None]] = set()
        try:
            listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            listener.bind((self.host, self.port))
            listener.listen(16)
            listener.setblocking(False)

            def accept_ready() -> None:
                # Accepting here, synchronously, leaves no accepted socket in flight at stop.
                while True:
                    try:
                        conn, _peer = listener.accept()
                    except (BlockingIOError, InterruptedError):
                        return
                    conn.setblocking(False)
                    connections.add(conn)
                    tasks.add(loop.create_task(self._serve_connection(conn)))

            loop.add_reader(listener.fileno(), accept_ready)
            ready(listener.getsockname()[1])
            await stop.wait()
            loop.remove_reader(listener.fileno())
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            await asyncio.sleep(0)  # transports close their sockets on the next iteration
        finally:
            listener.close()
            for conn in connections:
                conn.close()

    async def _serve_connection(self, conn: socket.socket) -> None:
        reader, writer = await asyncio.open_connection(sock=conn)
        try:
            await self._connection(reader, writer)
        finally:
            writer.close()

    async def _connection(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        channel = _Channel()
        buffer = bytearray()
        while True:
            end = _terminator_at(buffer)
            while end < 0:
                data = await reader.read(4096)
                if not data:
                    return
                buffer += data
                if len(buffer) > MAX_PACKAGE:
                    return
                end = _terminator_at(buffer)
            raw, terminator = bytes(buffer[:end]), bytes(buffer[end : end + 1])
            del buffer[: end + 1]
            if not raw:
                continue  # the LF of a CR LF pair
            channel.terminator = terminator
            text = raw.decode(channel.encoding or PRE_LOGIN_ENCODING, "replace")
            if self.faults.take("resend"):
                body = "96"
            else:
                body = self._process(channel, text)
                channel.last_msg = body
            if not await self._reply(writer, channel, body):
                return

    async def _reply(self, writer: asyncio.StreamWriter, channel: _Channel, body: str) -> bool:
        if self.faults.delay > 0:
            await asyncio.sleep(self.faults.delay)
        frame = dp2_frame(body, channel.terminator, channel.encoding or PRE_LOGIN_ENCODING)
        if self.faults.take("bad_checksum"):
            frame = corrupt_checksum(frame)
        self.faults.replies += 1
        if self.faults.take("drop_mid_reply"):
            writer.write(frame[: len(frame) // 2])
            await writer.drain()
            return False
        writer.write(frame)
        await writer.drain()
        return True

    # -- messages -----------------------------------------------------------------------------

    def _process(self, channel: _Channel, text: str) -> str:
        request = parse_request(text)
        code = request.code
        if code == "93":
            return self._login(channel, request)
        if code == "99":
            return self._status()
        if code == "96":
            return channel.last_msg or ""
        handlers: dict[str, Callable[[_Channel, _Request], str]] = {
            "11": self._checkout,
            "09": self._checkin,
            "17": self._item_info,
            "29": self._renew,
            "35": self._end_session,
            "63": self._patron_info,
            "81": self._register,
        }
        handler = handlers.get(code)
        if handler is None:
            return f"无法识别的命令'{code}'"
        if channel.account is None:
            return self._not_logged_in(code, request)
        return handler(channel, request)

    def _now(self) -> str:
        return sip_now(self.library.now())

    def _login(self, channel: _Channel, request: _Request) -> str:
        user = urllib.parse.unquote(request.get("CN")).partition("@")[0]
        account = self.accounts.get(user)
        if account is None or account.password != request.get("CO"):
            channel.account = None
            return "940AFLogin failed: user name or password is wrong|"
        channel.account = account
        channel.encoding = account.encoding
        return "941"

    def _status(self) -> str:
        return f"98YYYYNN010003{self._now()}2.00AOdp2Library|AMdp2Library|BXYYYYYYYYYYYYYYYY|"

    def _not_logged_in(self, code: str, request: _Request) -> str:
        msg = f"AF{NOT_LOGGED_IN}|AG{NOT_LOGGED_IN}|"
        now = self._now()
        shapes = {
            "11": f"120NNY{now}AO|AA|AB|AJ|AH|",
            "09": f"100YNN{now}AO|AB|AQ|CLsort bin|",
            "17": f"18010001{now}AB|AJ|",
            "29": f"300NNN{now}AO|AA|AB|AJ|AH|",
            "35": f"36N{now}AO|AA{request.get('AA')}|",
            "63": f"64{' ' * 14}019{now}{'0000' * 6}AO|AA|AE|BLN|CQN|",
            "81": f"82{now}AO{REGISTRATION_INSTITUTION}|AA|XK|OK0|",
        }
        return shapes[code] + msg

    def _item_id(self, channel: _Channel, value: str) -> tuple[str | None, str]:
        """A request's AB as dp2 reads it: ``OI.barcode`` or a bare barcode (refused if strict)."""
        assert channel.account is not None
        if "." in value:
            oi, _, barcode = value.partition(".")
            return (barcode if self.library.is_institution(oi) else None), ""
        if channel.account.book_uii_strict:
            return None, f"请求的 AB 字段内容 '{value}' 不合法。应为 UII 形态"
        return value, ""

    def _uii(self, barcode: str) -> str:
        item = self.library.item(barcode)
        return f"{item.owner_institution}.{barcode}" if item else barcode

    def _due(self, channel: _Channel, due: dt.datetime | None) -> str:
        assert channel.account is not None
        return due.strftime(channel.account.date_format) if due else ""

    @staticmethod
    def _refusal(refusal: Refusal, patron: str = "", item: str = "") -> str:
        return REFUSALS[refusal].format(patron=patron, item=item)

    def _checkout(self, channel: _Channel, request: _Request) -> str:
        return self._loan_act(channel, request, self.library.checkout, _CHECKOUT_REPLY)

    def _renew(self, channel: _Channel, request: _Request) -> str:
        return self._loan_act(channel, request, self.library.renew, _RENEW_REPLY)

    def _loan_act(
        self, channel: _Channel, request: _Request, act: _LoanAct, reply: _LoanReply
    ) -> str:
        """A checkout or a renewal: dp2 checks and words both alike but for ``reply``."""
        now = self._now()
        refused = f"{reply.refused}{now}"
        patron, item_id = request.get("AA"), request.get("AB")
        if not patron or not item_id:
            error = "读者标识和图书标识都不能是空值"
            return f"{refused}AO|AA|AB|AJ|AH|AF{error}|AG{error}|"
        barcode, error = self._item_id(channel, item_id)
        if error:
            return f"{refused}AO|AA{patron}|AB{item_id}|AJ|AH|AF{error}|AG{error}|"
        pin = request.get("AD") or None
        # dp2 checks a PIN only when one is sent, and ignores "no block" and the dates.
        view = self.library.patron(patron, pin)
        if pin is not None and view is not None and view.pin_ok is False:
            return f"{refused}AO|AA{patron}|AB{item_id}|AJ|AH|AF失败：密码错误|"
        out = act(patron, barcode, pin=pin, verify_pin=False) if barcode else None
        if out is None or not out.ok:
            refusal = out.refusal if out and out.refusal else Refusal.ITEM_NOT_FOUND
            reason = self._refusal(refusal, patron, item_id)
            return f"{refused}AO|AA{patron}|AB{item_id}|AJ|AH|AF失败：{reason}|"
        return (
            f"{reply.accepted}{now}AO{out.owner_institution}|AA{patron}|AB{item_id}|AJ{out.title}"
            f"|AH{self._due(channel, out.due_at)}|AF{reply.success}|AG{reply.success}|"
        )

    def _checkin(self, channel: _Channel, request: _Request) -> str:
        assert channel.account is not None
        now = self._now()
        item_id, location = request.get("AB"), request.get("AP")
        barcode, error = self._item_id(channel, item_id)
        if error or barcode is None:
            error = error or self._refusal(Refusal.ITEM_NOT_FOUND, item=item_id)
            return f"100YNN{now}AO|AB{item_id}|AQ|CLsort bin|AF{error}|AG{error}|"
        here = location if self.library.is_institution(location) else channel.account.institution
        out = self.library.checkin(barcode, here)
        if not out.ok:
            error = self._refusal(Refusal.ITEM_NOT_FOUND, item=item_id)
            return f"100YNN{now}AO|AB{item_id}|AQ|CLsort bin|AF{error}|AG{error}|"
        if out.refusal is Refusal.NOT_ON_LOAN:
            message = self._refusal(Refusal.NOT_ON_LOAN, item=item_id)
        else:
            message = "还书成功" + _routing_note(out.routing, out.destination_name)
        alert = "N" if out.routing is Routing.SHELVE else "Y"
        patron = f"|AA{out.patron_barcode}" if out.patron_barcode else ""
        return (
            f"101YN{alert}{now}AO{out.owner_institution}|AB{item_id}|AQ{out.permanent_location}"
            f"|AJ{out.title}|CLsort bin{patron}|AF{message}|AG{message}|"
        )

    def _item_info(self, channel: _Channel, request: _Request) -> str:
        now = self._now()
        item_id = request.get("AB")
        barcode, error = self._item_id(channel, item_id)
        item = self.library.item(barcode) if barcode else None
        if item is None:
            error = error or f"册记录 {item_id} 不存在"
            return f"18010001{now}AB|AJ|AF{error}|AG{error}|"
        status = "03" if item.patron_barcode is None else "04"
        if item.hold_queue > 0 or item.status is ItemStatus.ON_HOLD_SHELF:
            status = "08"  # dp2 reports any reservation as 08, even on an item out on loan
        queue = f"CF{item.hold_queue}|" if item.hold_queue else ""
        due = f"|AH{self._due(channel, item.due_at)}" if item.due_at else ""
        return (
            f"18{status}0001{now}{queue}AB{self._uii(item.barcode)}|AJ{item.title}{due}"
            f"|AQ{item.permanent_location}|"
        )

    def _end_session(self, channel: _Channel, request: _Request) -> str:
        # dp2 never sets "end session" to Y in its reply.
        return f"36N{self._now()}AO|AA{request.get('AA')}|AF结束操作成功|AG结束操作成功|"

    def _patron_info(self, channel: _Channel, request: _Request) -> str:
        assert channel.account is not None
        now = self._now()
        patron = request.get("AA")
        if "." in patron:
            patron = patron.partition(".")[2]
        pin = request.get("AD") or None
        head = f"64{' ' * 14}019{now}{'0000' * 6}AO|"
        view = self.library.patron(patron, pin)
        if view is None:
            error = f"查无此证 '{patron}'"
            return head + f"AA|AE|BLN|CQN|AF{error}|AG{error}|"
        if view.pin_ok is False:
            return head + "AA|AE|BLN|CQN|AF卡号或密码不正确|AG卡号或密码不正确|"
        summary = request.fixed[21:31].ljust(10)
        counts = "".join(
            f"{n:04d}"
            for n in (
                len(view.holds),
                len(view.overdue),
                len(view.charged),
                1 if view.fines_cents else 0,
                0,
                len(view.holds) - len(view.ready_holds),
            )
        )
        limit = channel.account.charged_limit
        parts = [
            f"64{_dp2_status(view)}019{now}{counts}AO{view.home_institution}",
            f"AA{view.barcode}",
            f"AE{view.name}",
            f"BZ{max(limit - len(view.charged), 0):04d}",
            f"CB{limit:04d}",
            "BLY",
        ]
        if pin is not None:
            parts.append("CQY")
        if view.fines_cents:
            parts += ["BHCNY", f"BV-{view.fines_cents / 100:.2f}"]
        if summary[0] == "Y":
            parts += [f"AS{self._uii(b)}" for b in view.holds]
        if summary[1] == "Y":
            parts += [f"AT{self._uii(b)}" for b in view.overdue]
        if summary[2] == "Y":
            parts += [f"AU{self._uii(b)}" for b in view.charged]
        if view.refusals:
            message = f"读者证[{view.barcode}:{view.name}]已被[{_state_word(view)}]"
        elif len(view.charged) < limit:
            message = (
                f"您在本馆最多可借【{limit}】册，还可以再借【{limit - len(view.charged)}】册。"
            )
        else:
            message = f"您在本馆借书数已达最多可借数【{limit}】，不能继续借了!"
        parts += [f"AF{message}", f"AG{message}"]
        return "|".join(parts) + "|"

    def _register(self, channel: _Channel, request: _Request) -> str:
        """81 → 82: first-use registration (XK 01/11) keyed by the ID card number (XO)."""
        assert channel.account is not None
        # dp2 splits on '|' and skips the first part, so a field right after the fixed date is
        # not read; its reply starts "82" + date + "AOdp2Library" with no bar before AO.
        parts = [p for p in request.text.split("|") if p]
        values: dict[str, str] = {}
        for part in (p for p in parts[1:] if len(p) >= 2):
            values.setdefault(part[:2], part[2:])
        barcode, id_number = values.get("AA", ""), values.get("XO", "")
        operation = values.get("XK", "")
        head = f"82{self._now()}AO{REGISTRATION_INSTITUTION}"
        if not operation:
            msg = "修改读者记录发生错误，命令不对。"
            return f"{head}|AA{barcode}|XK{operation}|OK0|AF{msg}|AG{msg}"
        if operation not in ("01", "11"):
            msg = "本测试服务器只办理新证(XK01/XK11)"
            return f"{head}|XK{operation}|OK0|AF{msg}|AG{msg}"
        if not barcode:
            msg = "办证时读者证号不能为空"
            return f"{head}|XK{operation}|OK0|AF{msg}|AG{msg}"
        if not id_number:
            msg = "办证时身份证号不能为空"
            return f"{head}|XK{operation}|OK0|AF{msg}|AG{msg}"
        refusal = self.library.register(
            barcode,
            id_number,
            values.get("AE", ""),
            values.get("AD", ""),
            channel.account.institution,
        )
        if refusal is Refusal.ALREADY_REGISTERED:
            msg = f"办证失败！卡号为【{barcode}】的读者已存在。"
            return f"{head}|XK{operation}|OK0|AF{msg}|AG{msg}"
        if refusal is Refusal.ID_NUMBER_REGISTERED:
            existing = self.library.registered_barcode(id_number)
            msg = (
                f"办证失败！您已经有一张卡号为【{existing}】的读者证，不能再办证。"
                "如读者证丢失，需补证请到柜台办理。"
            )
            return f"{head}|XK{operation}|OK0|AF{msg}|AG{msg}"
        msg = "办理新证成功！"
        # dp2's success path falls through to its error label, which appends a second
        # XK/OK0/AF/AG group: a client must take the first OK.
        success = f"{head}|AA{barcode}|XD|OK1|XK{operation}|AF{msg}|AG{msg}"
        return success + f"|XK{operation}|OK0|AF{msg}|AG{msg}"


def _terminator_at(buffer: bytearray) -> int:
    for index, byte in enumerate(buffer):
        if byte in (0x0D, 0x0A):
            return index
    return -1


def _routing_note(routing: Routing, destination_name: str) -> str:
    return {
        Routing.SHELVE: "",
        Routing.HOLD_HERE: "。本册已被预约，请放入预约保留架",
        Routing.HOLD_ELSEWHERE: f"。本册已被预约，请转运到 {destination_name}",
        Routing.TRANSIT_HOME: f"。本册属于 {destination_name}，请转运回该馆",
    }[routing]


def _state_word(view: PatronView) -> str:
    words = {
        Refusal.PATRON_BLOCKED: "暂停",
        Refusal.CARD_EXPIRED: "过期",
        Refusal.FINES_OVER_LIMIT: "欠费",
    }
    return ",".join(words[r] for r in view.refusals if r in words)


def _dp2_status(view: PatronView) -> str:
    flags = [" "] * 14
    if view.refusals:
        flags[0] = "Y"
    return "".join(flags)
