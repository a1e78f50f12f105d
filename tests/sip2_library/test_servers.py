"""The test library systems over raw bytes: frames built by hand here, not by any SIP2 codec."""

from __future__ import annotations

import datetime as dt
import select
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from sip2_library.dp2_server import Dp2Account, Dp2Sip2Server, dp2_checksum
from sip2_library.harness import dp2_library_server, standard_library_server
from sip2_library.library import EventKind, ItemStatus, Loan
from sip2_library.seed import (
    HOME,
    ITEMS,
    LOGIN_PASSWORD,
    LOGIN_USER,
    OTHER,
    PATRONS,
)
from sip2_library.standard_server import StandardSip2Server

D = "20261204    120000"  # a transaction date in the 18-character form


def std_checksum(data: bytes) -> bytes:
    return f"{(-sum(data)) & 0xFFFF:04X}".encode("ascii")


def std_frame(body: str, seq: int) -> bytes:
    prefix = body.encode("utf-8") + f"AY{seq}AZ".encode("ascii")
    return prefix + std_checksum(prefix) + b"\r"


def std_checksum_ok(frame: bytes) -> bool:
    body = frame.rstrip(b"\r\n")
    return (sum(body[:-4]) + int(body[-4:], 16)) & 0xFFFF == 0


def fields(text: str, fixed: int) -> dict[str, list[str]]:
    """Variable fields after ``fixed`` characters (command included), AY/AZ trailer dropped."""
    out: dict[str, list[str]] = {}
    for part in text[fixed:].split("|"):
        if len(part) >= 2 and part[:2] not in ("AY", "AZ"):
            out.setdefault(part[:2], []).append(part[2:])
    return out


class Client:
    """A raw socket that reads whole frames (any terminator) and remembers what it read."""

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self.buffer = b""
        self.seq = 0

    def send(self, data: bytes) -> None:
        self.sock.sendall(data)

    def frame(self, terminators: bytes = b"\r\n") -> bytes:
        """The next frame including its terminator; raises EOFError at end of stream."""
        while True:
            ends = [i for i, b in enumerate(self.buffer) if b in terminators]
            if ends:
                end = ends[0] + 1
                frame, self.buffer = self.buffer[:end], self.buffer[end:]
                return frame
            data = self.sock.recv(4096)
            if not data:
                raise EOFError(self.buffer)
            self.buffer += data

    def ask(self, body: str) -> str:
        """A standard frame with the next sequence number; the reply, checksum verified."""
        self.send(std_frame(body, self.seq))
        self.seq = (self.seq + 1) % 10
        reply = self.frame()
        assert std_checksum_ok(reply), reply
        return reply.decode("utf-8").rstrip("\r")

    def closed(self) -> bool:
        try:
            return self.sock.recv(1) == b""
        except ConnectionResetError:
            return True


@pytest.fixture
def std(standard_server: StandardSip2Server) -> Iterator[Client]:
    with standard_server.connect() as sock:
        client = Client(sock)
        assert client.ask(f"9300CN{LOGIN_USER}|CO{LOGIN_PASSWORD}|CPkiosk-1|").startswith("941")
        yield client


def checkout(client: Client, patron: str, item: str, pin: str = "", no_block: str = "N") -> str:
    ad = f"AD{pin}|" if pin else ""
    return client.ask(f"11Y{no_block}{D}{D}AO{HOME}|AA{patron}|AB{item}|AC|{ad}")


def checkin(client: Client, item: str, here: str = HOME) -> str:
    return client.ask(f"09N{D}{D}AP{here}|AO{HOME}|AB{item}|AC|")


def open_loans(server: StandardSip2Server | Dp2Sip2Server) -> int:
    with server.library.session() as s:
        return s.query(Loan).filter(Loan.returned_at.is_(None)).count()


# -- standard server: session -----------------------------------------------------------------


def test_login_is_required_before_anything_else(standard_server: StandardSip2Server) -> None:
    with standard_server.connect() as sock:
        client = Client(sock)
        client.send(std_frame("9900302.00", 0))
        assert client.closed()
    with standard_server.connect() as sock:
        client = Client(sock)
        assert client.ask(f"9300CN{LOGIN_USER}|COwrong|").startswith("940")
        assert client.closed()


def test_status_after_login_echoes_the_sequence_number(std: Client) -> None:
    reply = std.ask("9900302.00")
    assert reply.startswith("98Y")
    assert "AOCQLIB|" in reply and "AY1AZ" in reply


def test_a_frame_without_or_with_a_wrong_checksum_gets_96(
    std: Client, standard_server: StandardSip2Server
) -> None:
    std.send(f"11YN{D}{D}AO{HOME}|AA{PATRONS.normal}|AB{ITEMS.available}|AC|\r".encode())
    assert std.frame().startswith(b"96")
    good = std_frame(f"11YN{D}{D}AO{HOME}|AA{PATRONS.normal}|AB{ITEMS.available}|AC|", 5)
    std.send(good[:-5] + b"0000\r")
    assert std.frame().startswith(b"96")
    assert open_loans(standard_server) == 5  # the seeded loans only


# -- standard server: checkout ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("patron", "item", "pin", "message"),
    [
        (PATRONS.blocked, ITEMS.available, "", "Patron blocked"),
        (PATRONS.expired, ITEMS.available, "", "Patron card expired"),
        (PATRONS.fines, ITEMS.available, "", "Patron has fines over the limit"),
        (PATRONS.normal, ITEMS.available, "9999", "Invalid patron password"),
        (PATRONS.normal, ITEMS.available, "", "Invalid patron password"),  # PIN required
        (PATRONS.normal, ITEMS.on_loan_normal, PATRONS.normal_pin, "checked out to another"),
        (PATRONS.normal, ITEMS.missing_barcode, PATRONS.normal_pin, "Invalid item"),
        (PATRONS.normal, ITEMS.held_for_other, PATRONS.normal_pin, "on hold for another"),
        ("21999999999999", ITEMS.available, "", "Invalid patron"),
    ],
)
def test_checkout_refusals(
    std: Client, standard_server: StandardSip2Server, patron: str, item: str, pin: str, message: str
) -> None:
    reply = checkout(std, patron, item, pin)
    assert reply.startswith("120")
    assert message in fields(reply, 24)["AF"][0]
    assert open_loans(standard_server) == 5
    assert standard_server.library.count_events(EventKind.CHECKOUT) == 0


def test_checkout_then_again_by_the_same_patron_is_a_renewal(
    std: Client, standard_server: StandardSip2Server
) -> None:
    reply = checkout(std, PATRONS.normal, ITEMS.available, PATRONS.normal_pin)
    assert reply.startswith("121N")
    due = fields(reply, 24)["AH"][0]
    assert len(due) == 18 and due[8:12] == "    "
    again = checkout(std, PATRONS.normal, ITEMS.available, PATRONS.normal_pin)
    assert again.startswith("121Y")
    loan = standard_server.library.loan(ITEMS.available)
    assert loan is not None and loan.renewals == 1
    assert standard_server.library.count_events(EventKind.RENEWAL, ITEMS.available) == 1


def test_no_block_and_transaction_date_honoured_or_ignored_by_the_knob(
    std: Client, standard_server: StandardSip2Server
) -> None:
    reply = checkout(std, PATRONS.blocked, ITEMS.available, no_block="Y")
    assert reply.startswith("121")
    loan = standard_server.library.loan(ITEMS.available)
    assert loan is not None and loan.checked_out_at == dt.datetime(2026, 12, 4, 12, 0)
    standard_server.library.policy.honours_no_block = False
    assert checkout(std, PATRONS.blocked, ITEMS.available_2, no_block="Y").startswith("120")


# -- standard server: checkin routing ---------------------------------------------------------


@pytest.mark.parametrize(
    ("item", "lend_first", "alert", "ct", "cv", "sort_bin"),
    [
        (ITEMS.available, True, "N", None, None, "SHELF"),
        (ITEMS.other_owner, True, "Y", OTHER, "04", "TRANSIT"),
        (ITEMS.hold_here, False, "Y", HOME, "01", "HOLDS"),
        (ITEMS.hold_elsewhere, False, "Y", OTHER, "02", "TRANSIT"),
    ],
)
def test_checkin_routing(
    std: Client,
    standard_server: StandardSip2Server,
    item: str,
    lend_first: bool,
    alert: str,
    ct: str | None,
    cv: str | None,
    sort_bin: str,
) -> None:
    if lend_first:
        assert checkout(std, PATRONS.normal, item, PATRONS.normal_pin).startswith("121")
    reply = checkin(std, item)
    assert reply[:6] == f"101YN{alert}"
    got = fields(reply, 24)
    assert got.get("CT", [None])[0] == ct
    assert got.get("CV", [None])[0] == cv
    assert got["CL"] == [sort_bin]
    assert got["AQ"][0]
    assert got["AA"] == [PATRONS.normal]
    assert standard_server.library.loan(item) is None
    if cv == "01":
        assert got["CY"] == [PATRONS.hold_patron]
        view = standard_server.library.item(item)
        assert view is not None and view.status is ItemStatus.ON_HOLD_SHELF


def test_checkin_of_an_unknown_item_fails(std: Client) -> None:
    assert checkin(std, ITEMS.missing_barcode).startswith("100")


# -- standard server: renew, account, item ----------------------------------------------------


def test_renew_and_renewal_limit(std: Client, standard_server: StandardSip2Server) -> None:
    pin = PATRONS.borrower_pin
    ok = std.ask(f"29NN{D}{D}AO{HOME}|AA{PATRONS.borrower}|AD{pin}|AB{ITEMS.on_loan_normal}|")
    assert ok.startswith("301Y")
    refused = std.ask(f"29NN{D}{D}AO{HOME}|AA{PATRONS.borrower}|AD{pin}|AB{ITEMS.renewal_limit}|")
    assert refused.startswith("300") and "Renewal limit" in refused
    loan = standard_server.library.loan(ITEMS.on_loan_normal)
    assert loan is not None and loan.renewals == 1


def test_renew_all_lists_renewed_and_unrenewed(std: Client) -> None:
    reply = std.ask(f"65{D}AO{HOME}|AA{PATRONS.borrower}|AD{PATRONS.borrower_pin}|")
    assert reply[:11] == "66100020001"
    got = fields(reply, 29)
    assert sorted(got["BM"]) == [ITEMS.on_loan_normal, ITEMS.on_loan_second]
    assert got["BN"] == [ITEMS.renewal_limit]


def test_patron_information_summaries(std: Client) -> None:
    charged = std.ask(f"63001{D}  Y       AO{HOME}|AA{PATRONS.borrower}|AD{PATRONS.borrower_pin}|")
    assert charged.startswith("64")
    assert charged[45:49] == "0003"  # charged items count
    got = fields(charged, 61)
    assert got["AU"] == [ITEMS.on_loan_normal, ITEMS.on_loan_second, ITEMS.renewal_limit]
    assert got["AE"] == ["钱七"] and got["CQ"] == ["Y"] and got["BV"] == ["3.00"]
    holds = std.ask(f"63001{D}Y         AO{HOME}|AA{PATRONS.hold_patron}|")
    assert fields(holds, 61)["AS"] == [ITEMS.hold_here, ITEMS.hold_elsewhere, ITEMS.held_for_other]
    assert "AU" not in fields(holds, 61)
    wrong_pin = std.ask(f"63001{D}          AO{HOME}|AA{PATRONS.normal}|AD0000|")
    assert fields(wrong_pin, 61)["CQ"] == ["N"]


def test_patron_status_flags_fines_and_blocks(std: Client) -> None:
    fines = std.ask(f"23001{D}AO{HOME}|AA{PATRONS.fines}|AC|AD|")
    assert fines[2] == "Y" and fines[12] == "Y"
    normal = std.ask(f"23001{D}AO{HOME}|AA{PATRONS.normal}|AC|AD{PATRONS.normal_pin}|")
    assert normal[2:16] == " " * 14
    assert fields(normal, 37)["BL"] == ["Y"]


def test_item_information_and_end_session(std: Client) -> None:
    reply = std.ask(f"17{D}AO{HOME}|AB{ITEMS.on_loan_normal}|")
    assert reply.startswith("1804")
    got = fields(reply, 26)
    assert got["AJ"][0] and len(got["AH"][0]) == 18
    assert std.ask(f"35{D}AO{HOME}|AA{PATRONS.normal}|").startswith("36Y")


# -- standard server: faults and lifecycle ----------------------------------------------------


def test_fault_96_then_resend_does_it_once(
    std: Client, standard_server: StandardSip2Server
) -> None:
    standard_server.faults.answer_96()
    patron = f"AA{PATRONS.borrower}|AD{PATRONS.borrower_pin}|"
    frame = std_frame(f"29NN{D}{D}AO{HOME}|{patron}AB{ITEMS.on_loan_normal}|", 3)
    std.send(frame)
    assert std.frame().startswith(b"96")
    assert standard_server.library.count_events(EventKind.RENEWAL) == 0
    std.send(frame)
    assert std.frame().startswith(b"301Y")
    assert standard_server.library.count_events(EventKind.RENEWAL) == 1


def test_fault_drop_mid_reply_after_doing_the_act(
    std: Client, standard_server: StandardSip2Server
) -> None:
    standard_server.faults.drop_mid_reply()
    std.send(
        std_frame(
            f"11YN{D}{D}AO{HOME}|AA{PATRONS.normal}|AB{ITEMS.available}|AC|AD{PATRONS.normal_pin}|",
            0,
        )
    )
    with pytest.raises(EOFError) as partial:
        std.frame()
    assert partial.value.args[0].startswith(b"121")
    assert standard_server.library.loan(ITEMS.available) is not None


def test_fault_wrong_checksum_and_slow_reply(
    std: Client, standard_server: StandardSip2Server
) -> None:
    standard_server.faults.corrupt_checksums()
    std.send(std_frame("9900302.00", 0))
    assert not std_checksum_ok(std.frame())
    standard_server.faults.delay = 1.0
    std.send(std_frame("9900302.00", 1))
    ready, _, _ = select.select([std.sock], [], [], 0)
    assert not ready  # a reply this early would have skipped the delay
    assert std_checksum_ok(std.frame())


def test_restart_keeps_the_port_and_the_database(tmp_path: Path) -> None:
    with standard_library_server(tmp_path) as server:
        port = server.port
        with server.connect() as sock:
            client = Client(sock)
            client.ask(f"9300CN{LOGIN_USER}|CO{LOGIN_PASSWORD}|")
            checkout(client, PATRONS.normal, ITEMS.available, PATRONS.normal_pin)
            server.restart()
            assert client.closed()
        assert server.port == port
        with server.connect() as sock:
            client = Client(sock)
            client.ask(f"9300CN{LOGIN_USER}|CO{LOGIN_PASSWORD}|")
            assert client.ask(f"17{D}AO{HOME}|AB{ITEMS.available}|").startswith("1804")


@pytest.mark.parametrize("kind", ["standard", "dp2"])
def test_stop_leaves_no_thread_or_port(tmp_path: Path, kind: str) -> None:
    factory = standard_library_server if kind == "standard" else dp2_library_server
    with factory(tmp_path) as server:
        address = server.address
        thread = server._thread
        sock = server.connect()
    assert thread is not None and not thread.is_alive()
    assert Client(sock).closed()
    sock.close()
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(address, timeout=2).close()


# -- dp2 server -------------------------------------------------------------------------------


def dp2_ask(client: Client, body: str, encoding: str = "utf-8", term: bytes = b"\r") -> str:
    client.send(body.encode(encoding) + term)
    frame = client.frame()
    assert frame.endswith(term)
    text = frame.decode(encoding).rstrip("\r\n")
    payload, _, checksum = text.rpartition("AY4AZ")
    # dp2 sums the reply before its trailer, and adds a bar first unless the reply ends in one.
    assert checksum in (dp2_checksum(payload), dp2_checksum(payload[:-1])), text
    return payload.removesuffix("|")


@pytest.fixture
def dp2(dp2_server: Dp2Sip2Server) -> Iterator[Client]:
    with dp2_server.connect() as sock:
        client = Client(sock)
        assert dp2_ask(client, f"9300CN{LOGIN_USER}|CO{LOGIN_PASSWORD}|", "gbk").startswith("941")
        yield client


def test_dp2_before_login_gbk_then_account_encoding(dp2_server: Dp2Sip2Server) -> None:
    with dp2_server.connect() as sock:
        client = Client(sock)
        client.send(f"11YN{D}{D}AO{HOME}|AA{PATRONS.normal}|AB{ITEMS.available}|\r".encode())
        refused = client.frame()
        assert refused.startswith(b"120") and b"not login" in refused
        client.send(b"9300CNnobody|COx|\r")
        assert client.frame().startswith(b"940AF")
        client.send(f"9300CN{LOGIN_USER}|CO{LOGIN_PASSWORD}|\r".encode("gbk"))
        assert client.frame().startswith(b"941|AY4AZ")
        body = dp2_ask(client, f"11YN{D}{D}AO{HOME}|AA{PATRONS.normal}|AB{ITEMS.available}|")
        assert "AF成功|" in body  # UTF-8 after login (the account's encoding)


def test_dp2_checksum_sequence_and_terminator(dp2: Client) -> None:
    dp2.send(f"17{D}AO{HOME}|AB{ITEMS.on_loan_normal}|AY7AZ0000\n".encode())
    frame = dp2.frame()
    assert frame.endswith(b"\n") and b"|AY4AZ" in frame  # LF in kind, sequence always 4
    text = frame.decode("utf-8").rstrip("\n")
    body, _, checksum = text.rpartition("|AY4AZ")
    assert dp2_checksum(body + "|") == checksum or dp2_checksum(body) == checksum
    # A standard checksum (over the encoded bytes through AZ) does not match dp2's.
    assert not std_checksum_ok(frame)
    dp2.send(f"17{D}AO{HOME}|AB{ITEMS.on_loan_normal}|\r".encode())
    assert dp2.frame().endswith(b"\r")


def test_dp2_checkout_uii_dates_and_auto_renew(dp2: Client, dp2_server: Dp2Sip2Server) -> None:
    uii = f"{HOME}.{ITEMS.available}"
    body = dp2_ask(dp2, f"11YN{D}{D}AO{HOME}|AA{PATRONS.normal}|AB{uii}|AC|AD{PATRONS.normal_pin}|")
    assert body.startswith("121")
    got = fields(body, 24)
    assert got["AF"] == ["成功"] and got["AB"] == [uii]
    dt.date.fromisoformat(got["AH"][0])  # yyyy-MM-dd
    assert dp2_ask(dp2, f"11YN{D}{D}AO{HOME}|AA{PATRONS.normal}|AB{uii}|AC|").startswith("121")
    assert dp2_server.library.count_events(EventKind.RENEWAL, ITEMS.available) == 1
    wrong = dp2_ask(dp2, f"11YN{D}{D}AO{HOME}|AA{PATRONS.normal}|AB{ITEMS.available_2}|AD0|")
    assert "AF失败：密码错误" in wrong


def test_dp2_renew_replies_as_dp2_words_them(dp2: Client, dp2_server: Dp2Sip2Server) -> None:
    borrower, pin = PATRONS.borrower, PATRONS.borrower_pin
    uii = f"{HOME}.{ITEMS.on_loan_normal}"
    ok = dp2_ask(dp2, f"29NN{D}{D}AO{HOME}|AA{borrower}|AD{pin}|AB{uii}|")
    assert ok.startswith("301YNN")
    got = fields(ok, 24)
    assert got["AO"] == [HOME] and got["AB"] == [uii]
    assert got["AF"] == ["续借成功"] and got["AG"] == ["续借成功"]
    dt.date.fromisoformat(got["AH"][0])  # yyyy-MM-dd
    assert dp2_server.library.count_events(EventKind.RENEWAL, ITEMS.on_loan_normal) == 1
    limit = dp2_ask(dp2, f"29NN{D}{D}AO{HOME}|AA{borrower}|AD{pin}|AB{ITEMS.renewal_limit}|")
    assert limit.startswith("300NNN")
    assert fields(limit, 24)["AF"] == [f"失败：册 '{ITEMS.renewal_limit}' 续借次数已满"]
    wrong = dp2_ask(dp2, f"29NN{D}{D}AO{HOME}|AA{borrower}|AD0|AB{ITEMS.on_loan_second}|")
    assert wrong.startswith("300NNN") and "AF失败：密码错误" in wrong
    empty = dp2_ask(dp2, f"29NN{D}{D}AO{HOME}|AA|AB{ITEMS.on_loan_second}|")
    assert empty.startswith("300NNN") and "AF读者标识和图书标识都不能是空值" in empty
    assert dp2_server.library.count_events(EventKind.RENEWAL, ITEMS.on_loan_second) == 0


def test_dp2_ignores_no_block_and_the_transaction_date(
    dp2: Client, dp2_server: Dp2Sip2Server
) -> None:
    blocked = dp2_ask(dp2, f"11NY{D}{D}AO{HOME}|AA{PATRONS.blocked}|AB{ITEMS.available}|")
    assert blocked.startswith("120") and "AF失败：" in blocked
    dp2_ask(dp2, f"11NY{D}{D}AO{HOME}|AA{PATRONS.normal}|AB{ITEMS.available}|")
    loan = dp2_server.library.loan(ITEMS.available)
    assert loan is not None and loan.checked_out_at != dt.datetime(2026, 12, 4, 12, 0)
    events = dp2_server.library.events(EventKind.CHECKOUT)
    assert not events[0].no_block


def test_dp2_checkin_sort_bin_alert_and_chinese_message(dp2: Client) -> None:
    body = dp2_ask(dp2, f"09N{D}{D}AP{HOME}|AO{HOME}|AB{ITEMS.hold_elsewhere}|AC|")
    assert body[:6] == "101YNY"
    got = fields(body, 24)
    assert got["CL"] == ["sort bin"] and "CT" not in got and "CV" not in got
    assert "成都图书馆" in got["AF"][0] and got["AA"] == [PATRONS.normal]
    plain = dp2_ask(dp2, f"09N{D}{D}AP{HOME}|AO{HOME}|AB{ITEMS.on_loan_normal}|AC|")
    assert plain[:6] == "101YNN" and fields(plain, 24)["AF"] == ["还书成功"]


def test_dp2_patron_information_uii_and_negative_fee(dp2: Client) -> None:
    body = dp2_ask(
        dp2, f"63019{D}  Y       AO{HOME}|AA{PATRONS.borrower}|AD{PATRONS.borrower_pin}|"
    )
    got = fields(body, 61)
    assert got["AU"][0] == f"{HOME}.{ITEMS.on_loan_normal}"
    assert got["BV"] == ["-3.00"]
    assert "还可以再借" in got["AF"][0]
    missing = dp2_ask(dp2, f"63019{D}          AO{HOME}|AA21999999999999|")
    assert "查无此证" in missing


def test_dp2_registration_81_82(dp2: Client, dp2_server: Dp2Sip2Server) -> None:
    rid = PATRONS.resident_id
    request = f"81{D}AO{HOME}|AA{rid}|XO{rid}|AE测试读者|AD2468|XK01|"
    body = dp2_ask(dp2, request)
    assert body.startswith("82") and body[20:32] == "AOdp2Library"
    parts = body.split("|")
    assert parts.index("OK1") < parts.index("OK0")  # dp2's fall-through appends OK0 too
    assert dp2_server.library.registered_barcode(rid) == rid
    again = dp2_ask(dp2, request)
    assert "|OK1|" not in again and "已存在" in again


def test_dp2_unknown_command_and_resend(dp2: Client) -> None:
    assert dp2_ask(dp2, f"65{D}AO{HOME}|AA{PATRONS.borrower}|") == "无法识别的命令'65'"
    assert dp2_ask(dp2, "96") == "无法识别的命令'65'"


def test_dp2_book_uii_strict(tmp_path: Path) -> None:
    account = Dp2Account(LOGIN_PASSWORD, HOME, book_uii_strict=True, encoding="gbk")
    with dp2_library_server(tmp_path, account=account) as server, server.connect() as sock:
        client = Client(sock)
        dp2_ask(client, f"9300CN{LOGIN_USER}|CO{LOGIN_PASSWORD}|", "gbk")
        body = dp2_ask(client, f"17{D}AO{HOME}|AB{ITEMS.available}|", "gbk")
        assert "应为 UII 形态" in body


def test_dp2_faults(dp2: Client, dp2_server: Dp2Sip2Server) -> None:
    dp2_server.faults.answer_96()
    assert dp2_ask(dp2, f"17{D}AO{HOME}|AB{ITEMS.available}|").startswith("96")
    dp2_server.faults.drop_mid_reply()
    dp2.send(f"11YN{D}{D}AO{HOME}|AA{PATRONS.normal}|AB{ITEMS.available}|\r".encode())
    with pytest.raises(EOFError):
        dp2.frame()
    assert dp2_server.library.loan(ITEMS.available) is not None


def test_pysip2_closes_the_connection_on_a_blank_nb_due_date(std: Client) -> None:
    # Recorded in docs/SIP2_TEST_SERVERS.md: the kiosk must send a full date in this field.
    std.send(std_frame(f"11YN{D}{' ' * 18}AO{HOME}|AA{PATRONS.normal}|AB{ITEMS.available}|AC|", 0))
    assert std.closed()


def test_checkin_with_no_block_is_dated_by_its_return_date(
    std: Client, standard_server: StandardSip2Server
) -> None:
    reply = std.ask(f"09Y{D}{'20261203    093000'}AP{HOME}|AO{HOME}|AB{ITEMS.on_loan_normal}|AC|")
    assert reply.startswith("101")
    (event,) = standard_server.library.events(EventKind.CHECKIN)
    assert event.no_block and event.effective_at == dt.datetime(2026, 12, 3, 9, 30)


def test_the_hold_patron_borrows_a_held_item_and_others_cannot_renew_it(
    std: Client, standard_server: StandardSip2Server
) -> None:
    assert checkout(std, PATRONS.hold_patron, ITEMS.held_for_other).startswith("121")
    pin = PATRONS.normal_pin
    held = std.ask(f"29NN{D}{D}AO{HOME}|AA{PATRONS.normal}|AD{pin}|AB{ITEMS.hold_here}|")
    assert held.startswith("300") and "on hold for another" in held
    assert standard_server.library.count_events(EventKind.RENEWAL) == 0


def test_standard_server_in_gb18030(tmp_path: Path) -> None:
    with standard_library_server(tmp_path, encoding="gb18030") as server, server.connect() as s:
        client = Client(s)
        client.send(std_frame(f"9300CN{LOGIN_USER}|CO{LOGIN_PASSWORD}|", 0))
        assert client.frame().startswith(b"941")
        body = f"63001{D}          AO{HOME}|AA{PATRONS.borrower}|"
        prefix = body.encode("gb18030") + b"AY1AZ"
        client.send(prefix + std_checksum(prefix) + b"\r")
        reply = client.frame()
        assert std_checksum_ok(reply)
        assert "AE钱七|" in reply.decode("gb18030")


def test_dp2_before_login_status_and_not_logged_in_item_information(
    dp2_server: Dp2Sip2Server,
) -> None:
    with dp2_server.connect() as sock:
        client = Client(sock)
        assert dp2_ask(client, "9900302.00", "gbk").startswith("98YYYYNN010003")
        body = dp2_ask(client, f"17{D}AO{HOME}|AB{ITEMS.available}|", "gbk")
        assert body.startswith("18010001") and "not login." in body
