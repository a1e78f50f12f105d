"""Card numbers kept as keyed hashes, and PINs as salted scrypt hashes."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from sqlalchemy.orm import Session

from drivers.idcard.idnumber import is_valid_id_number
from drivers.privacy import mask_card_number, mask_id_number
from regional.db.models import ServiceSetting

# An ID card and a social-security card carry the same resident ID number: one person.
PERSON_KINDS = frozenset({"id_card", "social_security_card"})
_SCRYPT_N, _SCRYPT_R, _SCRYPT_P = 2**14, 8, 1
_FINGERPRINT = "credential_key_fingerprint"


def normalise(kind: str, value: str) -> str:
    value = value.strip()
    return value.upper() if kind in PERSON_KINDS else value


def is_acceptable(kind: str, value: str) -> bool:
    """ID numbers must carry the right check character; library card numbers are opaque."""
    return is_valid_id_number(value) if kind in PERSON_KINDS else bool(value)


def masked(kind: str, value: str) -> str:
    return mask_id_number(value) if kind in PERSON_KINDS else mask_card_number(value)


class CredentialHasher:
    """HMAC-SHA256 under a deployment key: ID numbers are few enough to enumerate, so a plain
    hash would not hide them from someone holding a copy of the database."""

    def __init__(self, key: bytes) -> None:
        if len(key) < 16:
            raise ValueError("the credential key must have at least 16 bytes")
        self._key = key

    def key_hash(self, kind: str, value: str) -> str:
        identity = ("person:" if kind in PERSON_KINDS else "library_card:") + normalise(kind, value)
        return hmac.new(self._key, identity.encode(), hashlib.sha256).hexdigest()

    def fingerprint(self) -> str:
        """Identifies the key without revealing it, to catch a service started with another."""
        return hmac.new(self._key, b"kiosk-regional key check", hashlib.sha256).hexdigest()


def hash_pin(pin: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(pin.encode(), salt=salt, n=_SCRYPT_N, r=_SCRYPT_R, p=_SCRYPT_P)
    return f"scrypt${_SCRYPT_N}${_SCRYPT_R}${_SCRYPT_P}${salt.hex()}${digest.hex()}"


def verify_pin(pin: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        candidate = hashlib.scrypt(
            pin.encode(), salt=bytes.fromhex(salt), n=int(n), r=int(r), p=int(p)
        )
    except ValueError:
        return False
    return hmac.compare_digest(candidate.hex(), digest)


class KeyMismatch(RuntimeError):
    pass


def check_key(session: Session, hasher: CredentialHasher) -> None:
    """Remember the key's fingerprint on first start; refuse a different key later, which
    would silently turn every known card into a stranger."""
    fingerprint = hasher.fingerprint()
    stored = session.get(ServiceSetting, _FINGERPRINT)
    if stored is None:
        session.add(ServiceSetting(name=_FINGERPRINT, value=fingerprint))
        session.flush()
    elif stored.value != fingerprint:
        raise KeyMismatch(
            "this database was set up with another credential key; use the same key "
            "(${KIOSK_REGIONAL_CREDENTIAL_KEY} or the data directory's credential.key)"
        )
