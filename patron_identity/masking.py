"""Masking of patron data (ID numbers, names) wherever it may be shown or logged."""

from __future__ import annotations

import re

from patron_identity.kinds import PERSON_KINDS, CredentialKind

# 18-character resident ID numbers (17 digits + check) and old 15-digit ones.
_ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])(\d{6})(\d{8}|\d{5})(\d{3}[\dXx]|\d{4})(?![0-9A-Za-z])")


def mask_id_number(value: str) -> str:
    """Keep the region (6) and last 4 characters: ``500101********1234``."""
    value = value.strip()
    if len(value) <= 4:
        return "*" * len(value)
    if len(value) <= 10:
        return "*" * (len(value) - 4) + value[-4:]
    return value[:6] + "*" * (len(value) - 10) + value[-4:]


def mask_name(value: str) -> str:
    """Keep the first character only: ``张三`` → ``张*``, ``欧阳娜娜`` → ``欧***``."""
    value = value.strip()
    if not value:
        return ""
    return value[0] + "*" * max(1, len(value) - 1)


def mask_card_number(value: str) -> str:
    """Library and social-security card numbers: keep the last 4 characters."""
    value = value.strip()
    if len(value) <= 4:
        return "*" * len(value)
    return "*" * (len(value) - 4) + value[-4:]


def mask_credential(kind: CredentialKind | str, value: str) -> str:
    """A credential as it may be shown: ID and social-security cards carry a resident ID
    number; a library card number is opaque."""
    return mask_id_number(value) if kind in PERSON_KINDS else mask_card_number(value)


def scrub(text: str) -> str:
    """Mask anything in free text that looks like an ID number (defence in depth for logs)."""
    return _ID_NUMBER.sub(lambda m: mask_id_number(m.group(0)), text)
