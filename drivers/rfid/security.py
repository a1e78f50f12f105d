"""Tag security per library: the AFI byte and the NXP EAS bit a book should carry in each state."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, model_validator

AFI_IN_LIBRARY = 0x07  # ISO 28560-1: library item, in the library (secured)
AFI_ON_LOAN = 0xC2  # ISO 28560-1: library item, on loan (not secured)


class ItemState(StrEnum):
    ON_SHELF = "on_shelf"  # in the library, returned: the gate alarms
    ON_LOAN = "on_loan"  # borrowed: the gate lets it pass


class TagSecuritySettings(BaseModel):
    """How one library marks a book as secured; installations differ, so every value is set here."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    use_afi: bool = Field(True, description="Write the AFI byte on borrow and return.")
    afi_on_shelf: int = Field(
        AFI_IN_LIBRARY, ge=0, le=0xFF, description="AFI of a book in the library (0-255)."
    )
    afi_on_loan: int = Field(
        AFI_ON_LOAN, ge=0, le=0xFF, description="AFI of a book on loan (0-255)."
    )
    use_eas: bool = Field(
        True, description="Set and reset the NXP EAS bit (ICODE SLIX and later) as well."
    )

    @model_validator(mode="after")
    def _distinct_afis(self) -> TagSecuritySettings:
        if self.use_afi and self.afi_on_shelf == self.afi_on_loan:
            raise ValueError("afi_on_shelf and afi_on_loan must differ (else a gate cannot tell)")
        return self


@dataclass(frozen=True)
class TagSecurity:
    """What to write: ``None`` for a mechanism this library does not use."""

    afi: int | None
    eas: bool | None


def security_for(state: ItemState, settings: TagSecuritySettings) -> TagSecurity:
    """The AFI and EAS a book in ``state`` should carry."""
    on_shelf = state is ItemState.ON_SHELF
    afi = (
        (settings.afi_on_shelf if on_shelf else settings.afi_on_loan) if settings.use_afi else None
    )
    return TagSecurity(afi=afi, eas=on_shelf if settings.use_eas else None)


def security_matches(wanted: TagSecurity, afi: int | None, eas: bool | None) -> bool:
    """Whether a tag read back (``afi``, ``eas``; None when not read) carries ``wanted``."""
    if wanted.afi is not None and afi != wanted.afi:
        return False
    return wanted.eas is None or eas == wanted.eas


def state_of(afi: int | None, eas: bool | None, settings: TagSecuritySettings) -> ItemState | None:
    """The state a tag's security says, or None when it says neither (or both disagree)."""
    states = set()
    if settings.use_afi and afi is not None:
        if afi == settings.afi_on_shelf:
            states.add(ItemState.ON_SHELF)
        elif afi == settings.afi_on_loan:
            states.add(ItemState.ON_LOAN)
        else:
            return None
    if settings.use_eas and eas is not None:
        states.add(ItemState.ON_SHELF if eas else ItemState.ON_LOAN)
    return states.pop() if len(states) == 1 else None
