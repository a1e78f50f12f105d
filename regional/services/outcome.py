"""What one act came to: accepted or rejected, with loan, routing, exceptions and undo data."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from regional.schemas import LoanRef, Routing, TxnException, TxnStatus


@dataclass
class Outcome:
    status: TxnStatus  # accepted or rejected (voids are answered without an act)
    code: str
    detail: str = ""
    loan: LoanRef | None = None
    routing: Routing | None = None
    exceptions: list[TxnException] = field(default_factory=list)
    undo: dict[str, Any] | None = None

    @classmethod
    def accepted(
        cls,
        *,
        loan: LoanRef | None = None,
        routing: Routing | None = None,
        exceptions: list[TxnException] | None = None,
        undo: dict[str, Any] | None = None,
    ) -> Outcome:
        return cls(TxnStatus.ACCEPTED, "ok", "", loan, routing, exceptions or [], undo)

    @classmethod
    def rejected(cls, code: str, detail: str, routing: Routing | None = None) -> Outcome:
        return cls(TxnStatus.REJECTED, code, detail, routing=routing)


@dataclass
class Refusals:
    """Reasons an online act would be refused; offline they become the ``exceptions``."""

    offline: bool
    found: list[TxnException] = field(default_factory=list)

    def add(self, code: str, detail: str) -> None:
        self.found.append(TxnException(code=code, detail=detail))

    def rejection(self) -> Outcome | None:
        """The rejection to answer now, or None to go ahead (always None offline)."""
        if self.found and not self.offline:
            first = self.found[0]
            return Outcome.rejected(first.code, first.detail)
        return None
