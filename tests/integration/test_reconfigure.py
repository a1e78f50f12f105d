"""A device reopened with new settings at run time (technician's Apply), raw bytes tapped."""

from __future__ import annotations

from pathlib import Path

from drivers.events import BarcodeScanned, LinkState
from drivers.sim.console import SimulatorConsole
from kiosk.commands.run_cmd import simulated
from kiosk.config import parse_config
from kiosk.services import KioskServices
from tests.helpers import Recorder, wait_until


def test_apply_new_baud_rate_and_terminator(tmp_path: Path) -> None:
    with SimulatorConsole(transport="inprocess", scanner_terminator="crlf") as console:
        # The kiosk is set up wrong: 115200 baud and CR, while the scanner sends 9600 and CR LF.
        config = parse_config(
            f'[journal]\npath = "{tmp_path / "j.db"}"\n'
            '[devices.scanner]\nport = "x"\nbaudrate = 115200\nterminator = "idle"\n'
            "reconnect_initial_ms = 20\n"
        )
        config = simulated(config, console.ports())
        rec = Recorder()
        services = KioskServices.from_config(config, rec)
        services.start()
        try:
            rec.wait_state(LinkState.CONNECTED)
            raw: list[bytes] = []
            services.drivers["scanner"].set_raw_tap(lambda direction, data: raw.append(data))
            console.execute("scan 35001000000031")
            wait_until(lambda: raw, what="raw bytes")
            assert rec.of(BarcodeScanned) == []  # garbled by the wrong speed: no phantom scan
            fixed = config.devices.scanner.model_copy(
                update={"baudrate": 9600, "terminator": "crlf"}
            )
            services.reconfigure("scanner", fixed)
            wait_until(lambda: rec.states().count(LinkState.CONNECTED) == 2, what="reopened")
            console.execute("scan 35001000000031")
            (event,) = rec.wait_count(BarcodeScanned, 1)
            assert event.data == "35001000000031"
            assert services.config.devices.scanner.baudrate == 9600
        finally:
            services.close()
