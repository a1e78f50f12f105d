"""Technician mode's Devices page over a real driver and a simulated scanner: Test view, Apply,
Save (comments kept, backup made) and refusal of broken values."""

from __future__ import annotations

from PySide6.QtCore import Qt

from drivers.events import LinkState
from tests.ui.full_kiosk import FullKiosk

DECODED = '"event": "barcode"'


def _scanner_page(kiosk: FullKiosk):  # type: ignore[no-untyped-def]
    kiosk.enter()
    kiosk.tap("technician.device.role.scanner")
    return kiosk.mode.screen.devices


def _applied(kiosk: FullKiosk) -> None:
    status = kiosk.widget("technician.device.status")
    kiosk.until(lambda: status.text().startswith("Applied"))
    kiosk.until(lambda: kiosk.app.services.drivers["scanner"].state == LinkState.CONNECTED)


def test_baud_rate_and_terminator_change_what_the_test_view_decodes(tech_kiosk: FullKiosk) -> None:
    sim = tech_kiosk.env.console.devices["scanner"]
    sim.baudrate, sim.terminator = 19200, "stx_etx"  # a new scanner, set up unlike the old one
    page = _scanner_page(tech_kiosk)
    tech_kiosk.tap("technician.device.scanner.test")
    log = page.log

    sim.scan("35001000000023")
    tech_kiosk.until(lambda: any("scanner ←" in line for line in log.lines()))
    assert not any(DECODED in line for line in log.lines())  # garbled: nothing decodes
    assert "33 35 30" not in "\n".join(log.lines())

    baud = tech_kiosk.widget("technician.device.scanner.baudrate")
    baud.setCurrentIndex(baud.findText("19200"))
    tech_kiosk.tap("technician.device.apply")
    _applied(tech_kiosk)
    log.clear()
    sim.scan("35001000000031")
    # The bytes are right now (02 … 33 31 03) but framed by STX/ETX, not ended by CR: no code.
    tech_kiosk.until(lambda: any("33 31 03" in line for line in log.lines()))
    tech_kiosk.qtbot.wait(150)  # type: ignore[attr-defined]
    assert not any(DECODED in line for line in log.lines())

    tech_kiosk.tap("technician.device.scanner.terminator.stx_etx")
    tech_kiosk.tap("technician.device.apply")
    _applied(tech_kiosk)
    sim.scan("35001000000049")
    tech_kiosk.until(lambda: any('"data": "35001000000049"' in line for line in log.lines()))
    settings = tech_kiosk.app.services.config.devices.scanner
    assert (settings.baudrate, settings.terminator) == (19200, "stx_etx")
    tech_kiosk.tap("technician.exit")
    assert not tech_kiosk.app.services.drivers["scanner"].raw_tapped  # the tap is off again


def _comment_the_file(kiosk: FullKiosk) -> str:
    text = kiosk.config_path.read_text(encoding="utf-8")
    text = text.replace(
        "[devices.scanner]\n", "[devices.scanner]\n# The scanner by the returns slot.\n"
    )
    text = text.replace('terminator = "cr"\n', 'terminator = "cr"  # as delivered\n')
    kiosk.config_path.write_text(text, encoding="utf-8")
    return text


def test_save_writes_in_place_keeping_comments_with_a_backup(tech_kiosk: FullKiosk) -> None:
    before = _comment_the_file(tech_kiosk)
    _scanner_page(tech_kiosk)
    baud = tech_kiosk.widget("technician.device.scanner.baudrate")
    baud.setCurrentIndex(baud.findText("19200"))
    tech_kiosk.tap("technician.device.save")
    status = tech_kiosk.widget("technician.device.status")
    tech_kiosk.until(lambda: status.text().startswith("Saved"))
    after = tech_kiosk.config_path.read_text(encoding="utf-8")
    assert "# The scanner by the returns slot." in after
    assert 'terminator = "cr"  # as delivered' in after
    scanner = after.split("[devices.scanner]")[1].split("[devices.card_reader]")[0]
    assert "baudrate = 19200" in scanner
    assert after.replace("baudrate = 19200", "baudrate = 9600", 1) == before  # nothing else
    assert after.count("baudrate = 19200") == 1
    backup = tech_kiosk.config_path.with_name(tech_kiosk.config_path.name + ".bak")
    assert backup.read_text(encoding="utf-8") == before
    # Saved, not applied: the running scanner keeps its speed until Apply.
    assert tech_kiosk.app.services.config.devices.scanner.baudrate == 9600


def test_a_broken_value_is_refused_and_nothing_written(tech_kiosk: FullKiosk, qtbot) -> None:
    before = tech_kiosk.config_path.read_text(encoding="utf-8")
    _scanner_page(tech_kiosk)
    plus = tech_kiosk.widget("technician.device.scanner.reconnect_initial_ms.plus")
    while (
        "5500"
        not in tech_kiosk.widget("technician.device.scanner.reconnect_initial_ms.value").text()
    ):
        qtbot.mouseClick(plus, Qt.MouseButton.LeftButton)
    driver = tech_kiosk.app.services.drivers["scanner"]
    for action in ("technician.device.save", "technician.device.apply"):
        tech_kiosk.tap(action)
        status = tech_kiosk.widget("technician.device.status")
        assert status.isVisible()
        assert "nothing written" in status.text()
        assert (
            "devices.scanner: reconnect_max_ms must not be less than reconnect_initial_ms"
            in status.text()
        )
    tech_kiosk.qtbot.wait(200)  # type: ignore[attr-defined]
    assert tech_kiosk.config_path.read_text(encoding="utf-8") == before
    assert not tech_kiosk.config_path.with_name(tech_kiosk.config_path.name + ".bak").exists()
    assert tech_kiosk.app.services.drivers["scanner"] is driver  # not reopened either


def test_the_pad_s_events_show_in_its_device_log() -> None:
    from drivers.events import (
        RfidOperation,
        RfidOutcome,
        RfidTagArrived,
        RfidTagLeft,
        RfidWriteResult,
    )
    from kiosk.ui.technician.device_log import role_of

    uid = "E004010000000001"
    for event in (
        RfidTagArrived(uid, 0x06, 0x07, 4, b"\x11\x01"),
        RfidTagLeft(uid),
        RfidWriteResult(uid, RfidOperation.AFI, RfidOutcome.VERIFIED),
    ):
        assert role_of(event) == "rfid_reader"
