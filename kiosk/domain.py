"""Plain value types shared by the journal, the backend client, the core and the UI."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from drivers.events import CardPresented, IdCardRead
from patron_identity.kinds import CredentialKind
from patron_identity.masking import mask_credential, mask_name


class ActKind(StrEnum):
    BORROW = "borrow"
    RETURN = "return"
    RENEW = "renew"


class EntryState(StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    CONFLICT = "conflict"  # an offline act the service recorded with exceptions, for staff
    VOIDED = "voided"


FINAL_STATES = frozenset(
    {EntryState.ACCEPTED, EntryState.REJECTED, EntryState.CONFLICT, EntryState.VOIDED}
)


class Told(StrEnum):
    """What the kiosk told the patron about an act."""

    PENDING = "pending"  # nothing yet (the service is being asked)
    DONE = "done"
    PROVISIONAL = "provisional"  # done offline; the service will be told later
    NOT_DONE = "not_done"


@dataclass(frozen=True, repr=False)
class Credential:
    """How a patron identified.

    ``chip_verified`` is true only for an ID card read from its chip by the card reader: the
    one credential the offline policy trusts without asking the service.
    """

    kind: CredentialKind
    value: str
    name: str | None = None
    valid_to: dt.date | None = None
    chip_verified: bool = False

    def masked(self) -> str:
        return mask_credential(self.kind, self.value)

    def __repr__(self) -> str:
        name = mask_name(self.name) if self.name else None
        return f"Credential({self.kind}, {self.masked()!r}, name={name!r})"

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": str(self.kind),
            "value": self.value,
            "name": self.name,
            "valid_to": self.valid_to.isoformat() if self.valid_to else None,
            "chip_verified": self.chip_verified,
        }

    @classmethod
    def from_event(cls, event: IdCardRead | CardPresented) -> Credential:
        """The credential a card reader's event stands for; only a chip read is verified."""
        if isinstance(event, IdCardRead):
            card = event.card
            return cls(
                CredentialKind.ID_CARD, card.id_number, card.name, card.valid_to, chip_verified=True
            )
        return cls(event.kind, event.value)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Credential:
        valid_to = data.get("valid_to")
        return cls(
            kind=CredentialKind(data["kind"]),
            value=data["value"],
            name=data.get("name"),
            valid_to=dt.date.fromisoformat(valid_to) if valid_to else None,
            chip_verified=bool(data.get("chip_verified")),
        )
