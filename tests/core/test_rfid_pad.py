"""The RFID pad in the patron flow, Qt-free: tags read as books, the session's security writes."""

from __future__ import annotations

from concurrent.futures import Future

from drivers.events import BarcodeKind, RfidOperation, RfidOutcome, RfidTagArrived, RfidWriteResult
from drivers.rfid.security import ItemState, TagSecuritySettings
from drivers.rfid.tag.writer import LibraryTagSettings, plan_write
from drivers.sim.rfid_sim import garbage_tag
from kiosk.core.results import ActResult, IdentifyResult, Outcome, PatronContext, ResultCode
from kiosk.core.rfid_pad import PadBook, RfidPad, RfidSettings, owner_in_network, read_book
from kiosk.core.session import Act, RowSecurity, Screen, SessionMachine, SetSecurity
from kiosk.domain import ActKind
from tests.core.test_session_machine import ID, ITEM, ITEM2, PATRON, SETTINGS, identified

UID, UID2 = "E004010000000001", "E004010000000002"
NETWORK = RfidSettings(network_libraries=("CQL", "CDL"))


def arrival(uid: str, memory: bytes) -> RfidTagArrived:
    return RfidTagArrived(uid, 0x06, 0x07, 4, memory)


def memory(barcode: str, owner: str = "CN-CQL") -> bytes:
    values = {"primary_item_id": barcode, "owner_institution": owner}
    return plan_write(values, LibraryTagSettings(), memory_size=112).memory


def test_a_tag_reads_as_its_item_id_and_owner() -> None:
    assert read_book(arrival(UID, memory(ITEM)), NETWORK) == PadBook(UID, ITEM, "CN-CQL")


def test_garbage_blank_and_foreign_tags_are_refused_with_their_own_codes() -> None:
    garbage = garbage_tag(UID, seed=3)
    assert read_book(arrival(UID, garbage.memory), NETWORK).code == ResultCode.TAG_UNREADABLE
    assert read_book(arrival(UID, bytes(112)), NETWORK).code == ResultCode.TAG_UNREADABLE
    foreign = read_book(arrival(UID, memory(ITEM, "US-DLC")), NETWORK)
    assert (foreign.code, foreign.barcode) == (ResultCode.TAG_OUTSIDE_NETWORK, ITEM)
    assert not foreign.usable


def test_the_network_matches_library_ids_with_or_without_the_isil_country() -> None:
    network = ("CQL", "CDL")
    assert owner_in_network("CN-CQL", network) and owner_in_network("cdl", network)
    assert not owner_in_network("CN-XYZ", network) and not owner_in_network("US-CQL-2", network)
    assert owner_in_network("", network)  # no owner on the tag: this library's own
    assert owner_in_network("US-DLC", ())  # no network configured: every owner


def test_each_arrival_is_read_once_until_the_tag_leaves() -> None:
    pad = RfidPad(NETWORK, None)
    event = arrival(UID, memory(ITEM))
    assert pad.arrived(event) is not None
    assert pad.arrived(event) is None
    pad.left(UID)
    assert pad.arrived(event) is not None


class FakeWriter:
    """Unit level: futures answered at once with the outcomes given."""

    def __init__(self, afi: RfidOutcome, eas: RfidOutcome | None = RfidOutcome.VERIFIED) -> None:
        self.outcomes = {RfidOperation.AFI: afi, RfidOperation.EAS: eas}
        self.calls: list[tuple[str, object]] = []

    def _done(self, uid: str, op: RfidOperation) -> Future[RfidWriteResult]:
        future: Future[RfidWriteResult] = Future()
        outcome = self.outcomes[op]
        if outcome is not None:  # None: the reader never answers
            future.set_result(RfidWriteResult(uid, op, outcome))
        return future

    def write_afi(self, uid: str, afi: int) -> Future[RfidWriteResult]:
        self.calls.append(("afi", afi))
        return self._done(uid, RfidOperation.AFI)

    def set_eas(self, uid: str, enabled: bool) -> Future[RfidWriteResult]:
        self.calls.append(("eas", enabled))
        return self._done(uid, RfidOperation.EAS)


def test_secure_writes_the_library_values_and_needs_every_write_verified() -> None:
    writer = FakeWriter(RfidOutcome.VERIFIED)
    assert RfidPad(NETWORK, writer).secure(UID, ItemState.ON_LOAN)
    assert writer.calls == [("afi", 0xC2), ("eas", False)]
    failing = FakeWriter(RfidOutcome.VERIFY_FAILED)
    assert not RfidPad(NETWORK, failing).secure(UID, ItemState.ON_SHELF)
    silent = FakeWriter(RfidOutcome.VERIFIED, None)
    quick = NETWORK.model_copy(update={"write_timeout_ms": 500})
    assert not RfidPad(quick, silent).secure(UID, ItemState.ON_SHELF)
    afi_only = RfidSettings(
        tags=LibraryTagSettings(security=TagSecuritySettings(use_eas=False, afi_on_shelf=0x9A))
    )
    only = FakeWriter(RfidOutcome.VERIFIED)
    assert RfidPad(afi_only, only).secure(UID, ItemState.ON_SHELF)
    assert only.calls == [("afi", 0x9A)]
    assert not RfidPad(NETWORK, None).secure(UID, ItemState.ON_SHELF)


def done(cmd: object, outcome: Outcome = Outcome.DONE, code: str = "ok") -> ActResult:
    assert isinstance(cmd, Act)
    return ActResult(cmd.kind, cmd.barcode, outcome, ResultCode(code))


def test_a_borrow_from_the_pad_is_secured_only_after_it_was_accepted() -> None:
    m = SessionMachine(SETTINGS)
    identified(m)
    (act,) = m.tag(PadBook(UID, ITEM), 2.0)
    assert isinstance(act, Act) and act.kind == ActKind.BORROW
    assert m.view.rows[0].tag_uid == UID and m.view.rows[0].security is None
    (write,) = m.acted(act, done(act), 2.5)
    assert write == SetSecurity(UID, ITEM, ItemState.ON_LOAN)
    assert m.view.rows[0].security == RowSecurity.WRITING
    m.secured(write, False, 3.0)
    assert m.view.rows[0].security == RowSecurity.NOT_SET and m.view.alert == m.view.rows[0]
    # Put back on the pad: no new act, the write again; verified, the row is done.
    assert m.tag(PadBook(UID, ITEM), 4.0) == [write]
    m.secured(write, True, 4.5)
    assert m.view.rows[0].security == RowSecurity.SET and m.view.alert is None
    assert len(m.view.rows) == 1


def test_a_refused_borrow_keeps_its_security_and_a_refused_return_is_secured_anyway() -> None:
    m = SessionMachine(SETTINGS)
    identified(m)
    (act,) = m.tag(PadBook(UID, ITEM), 2.0)
    assert isinstance(act, Act)
    assert m.acted(act, done(act, Outcome.REFUSED, "item_on_loan_to_other"), 2.5) == []
    assert m.tag(PadBook(UID, ITEM), 3.0) == []  # put back: still nothing to write
    r = SessionMachine(SETTINGS)
    (ret,) = r.tag(PadBook(UID2, ITEM2), 1.0)
    assert r.view.screen == Screen.RETURNS and ret.kind == ActKind.RETURN  # type: ignore[union-attr]
    (write,) = r.acted(ret, done(ret, Outcome.REFUSED, "not_on_loan"), 1.5)  # type: ignore[arg-type]
    assert write == SetSecurity(UID2, ITEM2, ItemState.ON_SHELF)


def test_a_book_scanned_then_seen_on_the_pad_is_one_book_whose_tag_is_written() -> None:
    m = SessionMachine(SETTINGS)
    identified(m)
    (act,) = m.scan(ITEM, BarcodeKind.ITEM, 2.0)
    assert m.tag(PadBook(UID, ITEM), 2.1) == []  # on its way: the act's answer writes the tag
    (write,) = m.acted(act, done(act), 2.5)  # type: ignore[arg-type]
    assert write == SetSecurity(UID, ITEM, ItemState.ON_LOAN)
    assert m.scan(ITEM, BarcodeKind.ITEM, 3.0) == []  # scanned again: still one book
    assert len(m.view.rows) == 1


def test_books_put_down_while_the_card_is_checked_keep_their_tag() -> None:
    m = SessionMachine(SETTINGS)
    (ident,) = m.card(ID, 1.0)
    assert m.tag(PadBook(UID, ITEM), 1.1) == []  # deferred until the card is confirmed
    (act,) = m.identified(ident, IdentifyResult("ok", PatronContext(ID, PATRON)), 1.5)  # type: ignore[arg-type]
    assert m.view.rows[0].tag_uid == UID
    assert m.acted(act, done(act), 2.0) == [SetSecurity(UID, ITEM, ItemState.ON_LOAN)]  # type: ignore[arg-type]


def test_a_tag_naming_no_book_is_a_row_that_says_why() -> None:
    m = SessionMachine(SETTINGS)
    identified(m)
    assert m.tag(PadBook(UID, code=ResultCode.TAG_UNREADABLE), 2.0) == []
    row = m.view.rows[0]
    assert (row.outcome, row.code, row.barcode) == (
        Outcome.REFUSED,
        ResultCode.TAG_UNREADABLE,
        UID,
    )
    assert m.view.alert == row and m.tag(PadBook(UID, code=ResultCode.TAG_UNREADABLE), 3) == []
    assert len(m.view.rows) == 1


def test_a_stack_put_down_while_the_pin_is_typed_is_borrowed_once_it_is_right() -> None:
    from kiosk.core.session import Identify
    from tests.core.test_session_machine import LIB

    m = SessionMachine(SETTINGS)
    (ident,) = m.card(LIB, 1.0)
    assert isinstance(ident, Identify)
    m.identified(ident, IdentifyResult(ResultCode.PIN_REQUIRED), 1.2)
    assert m.view.screen == Screen.PIN
    assert m.tag(PadBook(UID, ITEM), 1.5) == []
    (check,) = m.press("pin", 2.0, "1234")
    assert isinstance(check, Identify)
    (act,) = m.identified(check, IdentifyResult(ResultCode.OK, PatronContext(LIB, PATRON)), 2.5)
    assert isinstance(act, Act) and act.barcode == ITEM and m.view.rows[0].tag_uid == UID


def test_an_offline_borrow_from_the_pad_is_secured_as_lent() -> None:
    m = SessionMachine(SETTINGS)
    identified(m)
    (act,) = m.tag(PadBook(UID, ITEM), 2.0)
    (write,) = m.acted(act, done(act, Outcome.PROVISIONAL), 2.5)  # type: ignore[arg-type]
    assert write == SetSecurity(UID, ITEM, ItemState.ON_LOAN)


def test_a_book_put_back_on_the_pad_after_finish_is_still_secured() -> None:
    """The summary still lists a book whose tag could not be set: put back on the pad there,
    its write is tried again and the row says so, without a second borrow."""
    m = SessionMachine(SETTINGS)
    identified(m)
    (act,) = m.tag(PadBook(UID, ITEM), 2.0)
    (write,) = m.acted(act, done(act), 2.5)
    m.secured(write, False, 3.0)
    m.tag_left(UID)
    m.press("finish", 4.0)
    assert m.view.screen == Screen.SUMMARY
    assert m.tag(PadBook(UID, ITEM), 5.0) == [write]
    m.secured(write, True, 5.5)
    assert m.view.screen == Screen.SUMMARY and m.view.rows[0].security == RowSecurity.SET
    assert len(m.view.rows) == 1
