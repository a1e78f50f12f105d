"""The kinds of credential a patron identifies with, as the kiosk and the service name them."""

from __future__ import annotations

from enum import StrEnum


class CredentialKind(StrEnum):
    ID_CARD = "id_card"
    LIBRARY_CARD = "library_card"
    SOCIAL_SECURITY_CARD = "social_security_card"


# An ID card and a social-security card carry the same resident ID number: one person.
PERSON_KINDS = frozenset({CredentialKind.ID_CARD, CredentialKind.SOCIAL_SECURITY_CARD})
