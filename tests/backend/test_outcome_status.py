"""A transaction's status from the service is one of three words; anything else is not a
final answer (before, an unknown word counted as a rejection the service may not have made)."""

from __future__ import annotations

import pytest

from kiosk.backend.errors import ProtocolViolation
from kiosk.backend.parse import outcome
from kiosk.backend.types import TxnStatus


@pytest.mark.parametrize("status", ["accepted", "rejected", "voided"])
def test_the_service_s_statuses(status: str) -> None:
    answer = outcome({"txn_id": "t1", "status": status, "code": "ok"})
    assert answer.status is TxnStatus(status)
    assert answer.accepted == (status == "accepted")


@pytest.mark.parametrize("status", ["pending", "ACCEPTED", "", None])
def test_any_other_status_is_a_protocol_violation(status: object) -> None:
    with pytest.raises(ProtocolViolation):
        outcome({"txn_id": "t1", "status": status, "code": "ok"})
