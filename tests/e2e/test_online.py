"""Online circulation through the real service: every result and code reaches the core typed."""

from __future__ import annotations

import datetime as dt

from drivers.idcard.demo_cards import LI_SI, WANG_FANG, ZHANG_SAN
from kiosk.core.results import Outcome
from kiosk.domain import Credential, EntryState
from kiosk.services import KioskServices
from tests.e2e.regional_process import RegionalService


def chip(card) -> Credential:  # type: ignore[no-untyped-def]
    return Credential("id_card", card.id_number, card.name, card.valid_to, chip_verified=True)


def test_borrow_renew_and_return_with_each_routing(
    kiosk: KioskServices, service: RegionalService
) -> None:
    who = kiosk.circulation.identify(chip(ZHANG_SAN))
    assert who.ok and not who.offline and who.context.patron.display_name.endswith("*")
    home_item, away_item = (
        service.available_items("CQL", 1)[0],
        service.available_items("CDL", 1)[0],
    )

    for barcode in (home_item, away_item):
        result = kiosk.circulation.borrow(who.context, barcode)
        assert result.outcome == Outcome.DONE and result.code == "ok", result
        assert result.due is not None and result.due > dt.date.today() and result.title
        assert service.active_loans(barcode) == 1

    renewed = kiosk.circulation.renew(who.context, home_item)
    assert renewed.outcome == Outcome.DONE and renewed.due is not None

    shelved = kiosk.circulation.return_item(home_item)
    assert shelved.outcome == Outcome.DONE and shelved.routing.action == "shelve"
    transit = kiosk.circulation.return_item(away_item)
    assert transit.outcome == Outcome.DONE
    assert (transit.routing.action, transit.routing.library) == ("transit", "CDL")
    assert service.active_loans(home_item) == service.active_loans(away_item) == 0
    counts = kiosk.journal.stats().counts
    assert counts == {EntryState.ACCEPTED: 5}


def test_return_to_a_waiting_reader_goes_to_the_hold_shelf(
    kiosk: KioskServices, service: RegionalService
) -> None:
    rows = service.query(
        "SELECT l.item_barcode, h.pickup_library_id FROM loans l JOIN holds h "
        "ON h.item_barcode = l.item_barcode WHERE l.returned_at IS NULL AND h.status='waiting'"
    )
    assert rows, "the demo network has items on loan with a reader waiting"
    here = [b for b, lib in rows if lib == "CQL"]
    there = [(b, lib) for b, lib in rows if lib != "CQL"]
    if here:
        r = kiosk.circulation.return_item(here[0])
        assert r.routing.action == "hold_shelf" and r.routing.library == "CQL"
        assert r.routing.patron_display and r.routing.patron_display.endswith("*")
    if there:
        r = kiosk.circulation.return_item(there[0][0])
        assert (r.routing.action, r.routing.library) == ("transit", there[0][1])
    assert here or there


def test_rejections_reach_the_core_typed(kiosk: KioskServices, service: RegionalService) -> None:
    a = kiosk.circulation.identify(chip(ZHANG_SAN)).context
    b = kiosk.circulation.identify(chip(LI_SI)).context
    item = service.available_items("CQL", 1)[0]
    assert kiosk.circulation.borrow(a, item).outcome == Outcome.DONE
    cases = [
        (kiosk.circulation.borrow(a, item), "already_borrowed_by_you"),
        (kiosk.circulation.borrow(b, item), "item_on_loan_to_other"),
        (kiosk.circulation.borrow(a, "39999999999996"), "item_not_found"),
        (kiosk.circulation.renew(b, item), "not_on_loan"),
        (kiosk.circulation.return_item(service.available_items("CQL", 2)[1]), "not_on_loan"),
    ]
    for result, code in cases:
        assert (result.outcome, result.code) == (Outcome.REFUSED, code), result
    lost = service.query("SELECT barcode FROM items WHERE status='lost'")[0][0]
    assert kiosk.circulation.borrow(a, lost).code == "item_not_loanable"
    assert kiosk.circulation.identify(chip(WANG_FANG)).code == "credential_expired"
    rejected = [e for e in kiosk.journal.entries() if e.state == EntryState.REJECTED]
    assert len(rejected) == 6 and all(e.credential is None for e in rejected)


def test_library_card_pin_and_blocks(kiosk: KioskServices, service: RegionalService) -> None:
    card = Credential("library_card", "25001000000017")
    assert kiosk.circulation.identify(card).code == "pin_required"
    assert kiosk.circulation.identify(card, "0000").code == "pin_invalid"
    ok = kiosk.circulation.identify(card, "1234")
    assert ok.ok and ok.context.patron.home_library == "CQL"
    fines = kiosk.circulation.identify(Credential("library_card", "25100000000017"), "1357")
    assert [b.code for b in fines.context.patron.blocks] == ["fines_over_limit"]
    item = service.available_items("CQL", 1)[0]
    refused = kiosk.circulation.borrow(fines.context, item)
    assert (refused.outcome, refused.code) == (Outcome.REFUSED, "patron_blocked")
    manual = kiosk.circulation.identify(Credential("library_card", "25101000000023"), "9753")
    assert [b.code for b in manual.context.patron.blocks] == ["manual_block"]


def test_a_refused_book_is_named_by_the_title_the_journal_knows(
    kiosk: KioskServices, service: RegionalService
) -> None:
    a = kiosk.circulation.identify(chip(ZHANG_SAN)).context
    b = kiosk.circulation.identify(chip(LI_SI)).context
    item = service.available_items("CQL", 1)[0]
    borrowed = kiosk.circulation.borrow(a, item)
    assert borrowed.outcome == Outcome.DONE and borrowed.title
    refused = kiosk.circulation.borrow(b, item)  # the service's refusal names no item
    assert (refused.outcome, refused.code) == (Outcome.REFUSED, "item_on_loan_to_other")
    assert refused.title == borrowed.title
