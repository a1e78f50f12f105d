"""Logs never carry a raw ID number, card number, name or PIN."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from tests.regional.conftest import Service


def test_logs_mask_patron_data(service: Service, caplog: pytest.LogCaptureFixture) -> None:
    world, kiosk = service.world, service.kiosk()
    number = world.id_number()
    # PINs long enough that no random hex id in a log line can hold them by chance (a 4-digit
    # one turned up inside a txn_id once).
    card = world.library_card("CQL", pin="4711930285")
    with caplog.at_level(logging.DEBUG):
        registered = kiosk.lookup("id_card", number, id_card={"name": "欧阳娜娜"}).json()
        kiosk.lookup("library_card", card, pin="1111872056")
        kiosk.borrow(registered["patron_id"], world.item())
        offline: dict[str, Any] = {"credential": {"kind": "id_card", "value": world.id_number()}}
        kiosk.act("borrow", world.item(), offline=True, **offline)
    text = caplog.text
    assert "registered" in text  # the registration was logged, masked
    for secret in (
        number,
        card,
        "欧阳娜娜",
        "4711930285",
        "1111872056",
        offline["credential"]["value"],
    ):
        assert secret not in text
