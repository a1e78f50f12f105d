"""Card numbers kept as keyed hashes (PINs are hashed by ``patron_identity.pins``)."""

from __future__ import annotations

import hashlib
import hmac

from sqlalchemy.orm import Session

from patron_identity.id_number import is_valid_id_number
from patron_identity.kinds import PERSON_KINDS
from regional.db.models import ServiceSetting

_FINGERPRINT = "credential_key_fingerprint"


def normalise(kind: str, value: str) -> str:
    value = value.strip()
    return value.upper() if kind in PERSON_KINDS else value


def is_acceptable(kind: str, value: str) -> bool:
    """ID numbers must carry the right check character; library card numbers are opaque."""
    return is_valid_id_number(value) if kind in PERSON_KINDS else bool(value)


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
