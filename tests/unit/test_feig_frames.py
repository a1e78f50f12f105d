"""FEIG ISO Host frames and commands, byte for byte against the manual's layouts; CRC vectors."""

# The manual is FEIG, "OBID i-scan System-Manual ID ISC.MR/PR/PRH101", document H60301-3e-ID-B
# (section and page given at each test). Its pages give frame layouts field by field but no
# complete frame with its CRC, so the expected frames below are written out here from those
# tables, and their CRC is computed by a transcription of the manual's own C example (§2.2,
# p. 18) kept apart from the module's table-driven code; the CRC itself is also checked against
# the published check value of the catalogue algorithm it equals (CRC-16/MCRF4XX).

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from drivers.events import FrameError, RfidReaderStatus, RfidReply
from drivers.rfid.feig import commands as cmd
from drivers.rfid.feig.decode import FeigReplyDecoder
from drivers.rfid.feig.frames import (
    FeigFrame,
    FrameAssembler,
    build_reply,
    build_request,
    crc16,
)
from drivers.rfid.feig.status import IsoError, Status, iso_error_code, status_code
from drivers.settings import RfidReaderSettings
from drivers.sim.rfid_sim import RfidPadSimulator, make_tag

UID = bytes.fromhex("E004010012345678")
UID2 = bytes.fromhex("E0040100ABCDEF01")


def manual_crc(data: bytes) -> int:
    """The C example of H60301-3e-ID-B §2.2 (p. 18), line by line."""
    crc = 0xFFFF  # CRC_PRESET
    for byte in data:
        crc ^= byte
        for _ in range(8):
            if crc & 0x0001:  # noqa: SIM108 (kept as the manual writes it)
                crc = (crc >> 1) ^ 0x8408  # CRC_POLYNOM
            else:
                crc = crc >> 1
    return crc


def framed(*fields: int | bytes) -> bytes:
    """A standard frame from its fields (§2.1, p. 16): LENGTH … CRC LSB, CRC MSB."""
    body = b"".join(bytes([f]) if isinstance(f, int) else f for f in fields)
    head = bytes([len(body) + 3]) + body
    crc = manual_crc(head)
    return head + bytes([crc & 0xFF, crc >> 8])


# ---- CRC ------------------------------------------------------------------------------------


def test_crc_check_value_of_the_catalogue_algorithm() -> None:
    # CRC-16/MCRF4XX (width 16, poly 0x1021 reflected = 0x8408, init 0xFFFF, refin/refout,
    # xorout 0): check value 0x6F91 in Greg Cook's "Catalogue of parametrised CRC algorithms".
    assert crc16(b"123456789") == 0x6F91
    assert manual_crc(b"123456789") == 0x6F91
    assert crc16(b"") == 0xFFFF


@given(st.binary(max_size=300))
def test_crc_equals_the_manuals_c_example(data: bytes) -> None:
    assert crc16(data) == manual_crc(data)


@given(st.binary(max_size=200), st.integers(0, 255), st.integers(0, 255))
def test_a_whole_frame_leaves_a_zero_residue(data: bytes, adr: int, control: int) -> None:
    # CRC sent LSB first with no final XOR: the CRC over the frame including it is 0.
    assert crc16(build_request(adr, control, data)) == 0
    assert crc16(build_request(adr, control, data, advanced=True)) == 0


# ---- request frames (the layouts of §6.1 and §8) ---------------------------------------------


def test_inventory_request_p59() -> None:
    # [0xB0] REQUEST-DATA: 0x01 MODE; MODE bit 7 MORE (p. 59).
    assert cmd.inventory_request(0xFF) == framed(0xFF, 0xB0, 0x01, 0x00)
    assert cmd.inventory_request(0xFF, more=True) == framed(0xFF, 0xB0, 0x01, 0x80)
    assert cmd.inventory_request(0xFF)[0] == 7


def test_read_multiple_blocks_request_p63() -> None:
    # 0x23 MODE UID DB-ADR DB-N; MODE: ADR=b001 addressed, SEC (bit 3) = security status.
    frame = cmd.read_blocks_request(0x00, UID, 4, 16)
    assert frame == framed(0x00, 0xB0, 0x23, 0x09, UID, 4, 16)
    assert frame[0] == 0x11


def test_write_multiple_blocks_request_p65() -> None:
    # 0x24 MODE UID DB-ADR DB-N DB-SIZE DB…
    blocks = bytes.fromhex("0403020108070605")
    frame = cmd.write_blocks_request(0xFF, UID, 2, 4, blocks)
    assert frame == framed(0xFF, 0xB0, 0x24, 0x01, UID, 2, 2, 4, blocks)


def test_write_afi_and_system_information_requests_p69_p73() -> None:
    assert cmd.write_afi_request(0xFF, UID, 0xC2) == framed(0xFF, 0xB0, 0x27, 0x01, UID, 0xC2)
    assert cmd.system_info_request(0xFF, UID) == framed(0xFF, 0xB0, 0x2B, 0x01, UID)
    assert cmd.lock_block_request(0xFF, UID, 3) == framed(0xFF, 0xB0, 0x22, 0x01, UID, 3)


def test_nxp_eas_requests_p80_p90_p92() -> None:
    # [0xB1] MFR (0x04 Philips, p. 80) then the custom command: 0xA2 MODE UID (§8.3.1) …
    for command, code in [
        (cmd.NxpCommand.SET_EAS, 0xA2),
        (cmd.NxpCommand.RESET_EAS, 0xA3),
        (cmd.NxpCommand.EAS_ALARM, 0xA5),
    ]:
        assert cmd.nxp_request(0xFF, command, UID) == framed(0xFF, 0xB1, 0x04, code, 0x01, UID)


def test_reader_control_requests() -> None:
    assert cmd.software_version_request(0xFF) == framed(0xFF, 0x65)
    assert cmd.software_version_request(0xFF)[0] == 5
    assert cmd.cpu_reset_request(0x01) == framed(0x01, 0x63)
    assert cmd.baud_rate_detection_request(0xFF) == framed(0xFF, 0x52, 0x00)


def test_advanced_frame_p16() -> None:
    # STX, ALENGTH MSB, ALENGTH LSB (counting STX, ALENGTH and CRC), COM-ADR, CONTROL, DATA, CRC.
    frame = cmd.inventory_request(0x03, advanced=True)
    head = bytes([0x02, 0x00, 0x09, 0x03, 0xB0, 0x01, 0x00])
    crc = manual_crc(head)
    assert frame == head + bytes([crc & 0xFF, crc >> 8])


def test_a_long_reply_switches_to_the_advanced_frame_by_itself_p17() -> None:
    short = build_reply(0, 0xB0, 0, bytes(200))
    long = build_reply(0, 0xB0, 0, bytes(300))
    assert short[0] == 206 and long[0] == 0x02
    assert int.from_bytes(long[1:3], "big") == len(long)


def test_bad_field_values_are_refused() -> None:
    for call in [
        lambda: cmd.read_blocks_request(0, UID[:7], 0, 1),
        lambda: cmd.read_blocks_request(0, UID, 0, 0),
        lambda: cmd.write_blocks_request(0, UID, 0, 4, b"\x00" * 5),
        lambda: cmd.write_afi_request(0, UID, 256),
        lambda: build_request(256, 0xB0),
        lambda: build_request(0, 0xB0, bytes(260)),
    ]:
        try:
            call()
        except ValueError:
            continue
        raise AssertionError("accepted a bad value")


# ---- replies ----------------------------------------------------------------------------------


def test_inventory_reply_p59() -> None:
    # DATA-SETS, then TR-TYPE DSFID UID per tag.
    data = bytes([2, 0x03, 0x00]) + UID + bytes([0x03, 0x01]) + UID2
    records = cmd.parse_inventory(data)
    assert records == [cmd.InventoryRecord(3, 0, UID), cmd.InventoryRecord(3, 1, UID2)]
    assert cmd.build_inventory_data(records) == data
    for bad in [b"", bytes([2, 0x03, 0x00]) + UID, bytes([1]) + bytes(11)]:
        try:
            cmd.parse_inventory(bad)
        except cmd.ReplyError:
            continue
        raise AssertionError(f"parsed {bad.hex()}")


def test_read_blocks_reply_p63() -> None:
    # DB-N DB-SIZE, then SEC-STATUS DB per block.
    data = bytes([2, 4, 0x01, 0x44, 0x33, 0x22, 0x11, 0x00, 0x88, 0x77, 0x66, 0x55])
    read = cmd.parse_read_blocks(data)
    assert read.block_size == 4 and read.locked == (True, False)
    assert [cmd.from_wire(b) for b in read.blocks] == [
        bytes.fromhex("11223344"),
        bytes.fromhex("55667788"),
    ]


def test_system_information_reply_p73() -> None:
    # DSFID UID AFI MEM-SIZE IC-REF: 28 blocks of 4 bytes sent as 03 1B.
    data = bytes([0x00]) + UID + bytes([0x07, 0x03, 0x1B, 0x01])
    info = cmd.parse_system_info(data)
    assert (info.afi, info.block_size, info.block_count, info.ic_ref) == (0x07, 4, 28, 1)
    assert cmd.build_system_info_data(info) == data


def test_status_codes_annex_d() -> None:
    assert status_code(0x00) == "ok"
    assert status_code(0x01) == "no_transponder"
    assert status_code(0x94) == "more_data"
    assert status_code(0x95) == "iso_error"
    assert status_code(0x7E) == "unknown_status"
    assert iso_error_code(IsoError.BLOCK_LOCKED) == "block_locked"
    assert iso_error_code(0x77) == "unknown_error"


# ---- reassembly -------------------------------------------------------------------------------


def _replies() -> list[bytes]:
    return [
        build_reply(0, 0xB0, Status.MORE_DATA, bytes([1, 3, 0]) + UID),
        build_reply(0, 0xB0, Status.OK, bytes([1, 3, 0]) + UID2),
        build_reply(0, 0xB0, Status.NO_TRANSPONDER),
        build_reply(0, 0xB0, Status.OK, bytes(400)),  # advanced
    ]


def test_frames_split_anywhere_come_out_whole() -> None:
    stream = b"".join(_replies())
    rng = random.Random(5)
    for _ in range(50):
        asm = FrameAssembler()
        out: list[FeigFrame | FrameError] = []
        pos = 0
        while pos < len(stream):
            step = rng.randint(1, 40)
            out += asm.feed(stream[pos : pos + step])
            pos += step
        assert [f.status for f in out if isinstance(f, FeigFrame)] == [0x94, 0x00, 0x01, 0x00]
        assert not any(isinstance(f, FrameError) for f in out)
        assert asm.pending == 0


def test_a_bad_crc_is_an_error_and_the_next_frame_still_comes() -> None:
    good = build_reply(0, 0xB0, 0)
    bad = good[:-1] + bytes([good[-1] ^ 0x5A])
    out = FrameAssembler().feed(bad + good)
    assert out[0] == FrameError("checksum")
    assert [f for f in out if isinstance(f, FeigFrame)] == [FeigFrame(0, 0xB0, b"\x00")]


def test_noise_that_looks_like_a_long_length_does_not_hold_back_a_frame() -> None:
    good = build_reply(0, 0xB0, 0, bytes([1, 3, 0]) + UID)
    out = FrameAssembler().feed(b"\xf0\x13\x37" + good)
    assert out.count(FrameError("length")) == 1  # one error for the junk, not one per byte
    assert [f for f in out if isinstance(f, FeigFrame)] == [
        FeigFrame(0, 0xB0, bytes([0, 1, 3, 0]) + UID)
    ]


@settings(max_examples=300)
@given(st.lists(st.binary(max_size=64), max_size=8))
def test_random_bytes_never_raise_and_yield_only_checked_frames(chunks: list[bytes]) -> None:
    asm = FrameAssembler()
    decoder = FeigReplyDecoder()
    for chunk in chunks:
        for item in asm.feed(chunk):
            assert isinstance(item, FeigFrame | FrameError)
        decoder.feed(chunk)


# ---- the capture decoder ----------------------------------------------------------------------


def test_decoder_reads_inventory_blocks_system_info_and_statuses() -> None:
    blocks = cmd.build_read_blocks_data(4, [cmd.to_wire(b"ABCD"), cmd.to_wire(b"EFGH")], [1, 0])
    info = cmd.SystemInfo(0, UID, 0xC2, 4, 28, 1)
    stream = (
        b"\x00noise"
        + build_reply(
            0, 0xB0, Status.OK, cmd.build_inventory_data([cmd.InventoryRecord(3, 0, UID)])
        )
        + build_reply(0, 0xB0, Status.OK, cmd.build_system_info_data(info))
        + build_reply(0, 0xB0, Status.OK, blocks)
        + build_reply(0, 0xB0, Status.ISO_ERROR, bytes([IsoError.BLOCK_LOCKED]))
        + build_reply(0, 0xB1, Status.OK)
    )
    events = FeigReplyDecoder().feed(stream)
    noise, inv, sysinfo, read, status, ok = events
    assert noise == FrameError("length")  # one error for the junk, not one per byte
    assert isinstance(inv, RfidReply) and inv.to_json()["tags"] == [
        {"uid": UID.hex().upper(), "dsfid": "00"}
    ]
    assert isinstance(sysinfo, RfidReply) and sysinfo.to_json()["afi"] == "C2"
    assert isinstance(read, RfidReply) and read.to_json()["data"] == b"ABCDEFGH".hex().upper()
    assert read.to_json()["locked"] == [0]
    assert status == RfidReaderStatus("iso_error", 0x95, 0x12)
    assert isinstance(ok, RfidReply) and ok.kind == "ok"


@given(
    st.integers(0, 255),
    st.integers(0, 255),
    st.binary(max_size=400),
    st.booleans(),
)
def test_any_frame_built_comes_back_from_the_assembler(
    adr: int, control: int, body: bytes, advanced: bool
) -> None:
    advanced = advanced or len(body) > 250
    (frame,) = FrameAssembler().feed(build_request(adr, control, body, advanced=advanced))
    assert frame == FeigFrame(adr, control, body, advanced)


def test_settings_default_to_feig_line_settings_and_refuse_bad_values() -> None:
    s = RfidReaderSettings(port="/dev/ttyUSB0")
    assert (s.baudrate, s.parity, s.bus_address) == (38400, "E", 255)
    for bad in [{"bus_address": 256}, {"lift_after": 0}, {"block_size": 33}, {"baudrate": 1000}]:
        with pytest.raises(ValidationError):
            RfidReaderSettings(port="/dev/ttyUSB0", **bad)  # type: ignore[arg-type]


def test_the_simulator_pages_an_inventory_and_refuses_a_write_to_a_locked_block() -> None:
    sim = RfidPadSimulator("unit", records_per_reply=2)
    for n in range(5):
        sim.put_tag(make_tag(f"E00401000000000{n}", locked=(1,)))
    seen: list[bytes] = []
    more = False
    statuses = []
    while True:
        sim.host_write(cmd.inventory_request(0xFF, more=more), sim.generation)
        (reply,) = FrameAssembler().feed(sim.host_read(4096, 1.0, sim.generation))
        assert isinstance(reply, FeigFrame)
        statuses.append(reply.status)
        seen += [r.uid for r in cmd.parse_inventory(reply.data)]
        if reply.status != Status.MORE_DATA:
            break
        more = True
    assert statuses == [0x94, 0x94, 0x00] and len(set(seen)) == 5
    uid = bytes.fromhex("E004010000000000")
    sim.host_write(cmd.write_blocks_request(0, uid, 0, 4, bytes(8)), sim.generation)
    (reply,) = FrameAssembler().feed(sim.host_read(4096, 1.0, sim.generation))
    assert isinstance(reply, FeigFrame)
    assert (reply.status, reply.data) == (Status.ISO_ERROR, bytes([IsoError.BLOCK_LOCKED]))
