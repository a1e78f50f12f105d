"""Masking of ID numbers and names, in helpers, event reprs and every log line."""

from __future__ import annotations

import datetime as dt
import logging

from drivers.events import CardPresented, CredentialKind, IdCard, IdCardRead
from patron_identity.logging_setup import setup_logging
from patron_identity.masking import (
    mask_card_number,
    mask_credential,
    mask_id_number,
    mask_name,
    scrub,
)

ID = "500101199001011234"


def test_masks() -> None:
    assert mask_id_number(ID) == "500101********1234"
    assert mask_name("张三") == "张*"
    assert mask_name("欧阳娜娜") == "欧***"
    assert mask_name("李") == "李*"
    assert mask_name("") == ""
    assert mask_card_number("3220338716") == "******8716"
    assert scrub(f"patron {ID} and 11010519491231002X here") == (
        "patron 500101********1234 and 110105********002X here"
    )
    assert scrub("item 33191000105864 and order 12345") == "item 33191000105864 and order 12345"


def test_one_masking_for_every_credential_kind() -> None:
    # A social-security card carries the resident ID number, so it is masked as one.
    assert mask_credential(CredentialKind.ID_CARD, ID) == "500101********1234"
    assert mask_credential(CredentialKind.SOCIAL_SECURITY_CARD, ID) == "500101********1234"
    assert mask_credential(CredentialKind.LIBRARY_CARD, "3220338716") == "******8716"
    assert mask_credential("social_security_card", ID) == "500101********1234"  # from JSON


def _card() -> IdCard:
    return IdCard(
        "张三",
        "male",
        "01",
        dt.date(1990, 1, 1),
        "重庆市渝中区解放碑路1号",
        ID,
        "重庆市公安局渝中分局",
        dt.date(2020, 1, 1),
        None,
    )


def test_event_reprs_never_show_patron_data() -> None:
    text = repr(IdCardRead(_card(), True, False)) + repr(
        CardPresented(CredentialKind.LIBRARY_CARD, "3220338716")
    )
    assert ID not in text and "张三" not in text and "3220338716" not in text
    assert "500101********1234" in text


def test_log_lines_are_scrubbed(tmp_path) -> None:
    log_file = tmp_path / "kiosk.log"
    handler = setup_logging("DEBUG", log_file)
    try:
        log = logging.getLogger("kiosk.test")
        log.info("looked up %s", ID)
        log.info("event %r", IdCardRead(_card(), True, False))
        log.warning("raw text %s", f"id={ID}")
    finally:
        logging.getLogger().removeHandler(handler)
        handler.close()
    written = log_file.read_text(encoding="utf-8")
    assert written.count("500101********1234") == 3
    assert ID not in written and "张三" not in written


def test_a_scanned_patron_card_is_masked_in_repr_and_json() -> None:
    from drivers.events import BarcodeKind, BarcodeScanned

    patron = BarcodeScanned("23191000000018", None, BarcodeKind.PATRON)
    assert "23191000000018" not in repr(patron)
    assert patron.to_json()["data"] == "**********0018"
    assert patron.to_json(reveal=True)["data"] == "23191000000018"
    stray_id = BarcodeScanned(ID, None, BarcodeKind.UNKNOWN)
    assert ID not in repr(stray_id) and stray_id.to_json()["data"] == mask_id_number(ID)
    item = BarcodeScanned("33191000105864", "]F0", BarcodeKind.ITEM)
    assert item.to_json()["data"] == "33191000105864" and "33191000105864" in repr(item)
