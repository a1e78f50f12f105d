"""The simulated line card reader, read through the SimulatedDevice API and decoded."""

from __future__ import annotations

import time
from typing import Any

import pytest

from drivers.cardline.decode import CardLineDecoder
from drivers.events import CardPresented, CredentialKind, ProtocolEvent
from drivers.settings import CardLineReaderSettings, Terminator
from drivers.sim.cardline_sim import CardLineSimulator


def decoder(**settings: Any) -> CardLineDecoder:
    return CardLineDecoder(CardLineReaderSettings(port="kiosksim://card_reader", **settings))


def drain(
    sim: CardLineSimulator, dec: CardLineDecoder, want: int, timeout: float = 2.0
) -> list[ProtocolEvent]:
    """Read like the port driver does until ``want`` events came (or the timeout passed)."""
    events: list[ProtocolEvent] = []
    end = time.monotonic() + timeout
    while len(events) < want and time.monotonic() < end:
        data = sim.host_read(4096, 0.005, generation=sim.generation)
        now = time.monotonic()
        events += dec.feed(data, now) if data else []
        events += dec.poll(now)
    return events


def library_card(value: str) -> CardPresented:
    return CardPresented(kind=CredentialKind.LIBRARY_CARD, value=value)


@pytest.mark.parametrize("terminator", ["cr", "lf", "crlf", "stx_etx"])
def test_uid_reader_gives_the_printed_number(terminator: Terminator) -> None:
    sim = CardLineSimulator("card_reader", terminator=terminator)
    dec = decoder(terminator=terminator, uid_format="decimal_reversed")
    sim.present("1C78F2BF")
    assert drain(sim, dec, 1) == [library_card("3220338716")]


def test_idle_reader_round_trip() -> None:
    sim = CardLineSimulator("card_reader", terminator="idle", idle_gap_s=0.05)
    dec = decoder(terminator="idle", idle_gap_ms=20)
    sim.present("0012345678")
    assert drain(sim, dec, 1) == [library_card("0012345678")]
    first = sim.present("0087654321")
    assert sim.present("0011111111") - first >= 0.05 - 1e-3


def test_tap_and_present_commands() -> None:
    sim = CardLineSimulator("card_reader")
    dec = decoder(credential="social_security_card")
    reply = sim.command("tap", ["5001012345"])
    assert "5001012345" not in reply and reply.endswith("2345")
    sim.command("present", ["5001019999"])
    kind = CredentialKind.SOCIAL_SECURITY_CARD
    assert drain(sim, dec, 2) == [
        CardPresented(kind=kind, value="5001012345"),
        CardPresented(kind=kind, value="5001019999"),
    ]
    with pytest.raises(ValueError):
        sim.command("tap", [])
    assert sim.command("unplug", []) == "card_reader: unplugged"


def test_repeated_tap_is_one_event() -> None:
    sim = CardLineSimulator("card_reader")
    dec = decoder()
    sim.present("1234")
    sim.present("1234")
    sim.present("5678")
    assert drain(sim, dec, 2) == [library_card("1234"), library_card("5678")]


def test_role() -> None:
    assert CardLineSimulator("card_reader").role == "card_reader"
