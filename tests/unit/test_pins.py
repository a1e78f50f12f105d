"""PIN hashes: one format for the kiosk and the service, and both earlier formats still verify."""

from __future__ import annotations

import pytest

from patron_identity.pins import hash_pin, is_pin_hash, is_valid_pin, verify_pin

# Written by the service before the two formats were merged: salt and a 64-byte key in hex.
OLD_SERVICE_HASH = (
    "scrypt$16384$8$1$00112233445566778899aabbccddeeff$"
    "cc79fff6dc2f44038b0ab8bfe869b9a7922504bbe9ef09ed5daa41113ce26f7e"
    "a22b9c3977e895407cb8472c7ef1e3476bf41b626dfefd9e29141d1b1e71fb55"
)
# Written by `kiosk config set-pin` before the merge (base64, a 32-byte key): the same format.
OLD_KIOSK_HASH = (
    "scrypt$16384$8$1$AAECAwQFBgcICQoLDA0ODw==$zqTxOQ9+JdPlblLqzTpgLMM2UTmilg/97SVoXbGeuf8="
)


def test_a_new_hash_verifies_only_its_pin() -> None:
    stored = hash_pin("4711")
    assert is_pin_hash(stored) and "4711" not in stored
    assert verify_pin("4711", stored)
    assert not verify_pin("4712", stored)


def test_the_kiosk_format_is_unchanged() -> None:
    assert hash_pin("2468", salt=bytes(range(16))) == OLD_KIOSK_HASH
    assert verify_pin("2468", OLD_KIOSK_HASH) and not verify_pin("2469", OLD_KIOSK_HASH)


def test_the_service_s_earlier_hex_hashes_still_verify() -> None:
    assert verify_pin("1357", OLD_SERVICE_HASH)
    assert not verify_pin("1358", OLD_SERVICE_HASH)


@pytest.mark.parametrize(
    "stored", ["", "1234", "bcrypt$1$2$3$4$5", "scrypt$16384$8$1$zz$zz", "scrypt$x$8$1$AA==$AA=="]
)
def test_malformed_hashes_never_verify(stored: str) -> None:
    assert not verify_pin("1234", stored)


@pytest.mark.parametrize("pin", ["123", "1234567890123", "12a4", "١٢٣٤", ""])
def test_only_four_to_twelve_ascii_digits_are_a_pin(pin: str) -> None:
    assert not is_valid_pin(pin)
    with pytest.raises(ValueError):
        hash_pin(pin)
