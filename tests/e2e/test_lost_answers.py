"""An online act whose answer was lost, and which the kiosk then let happen offline: the
service holds what the patron was told, even when its online attempt had been refused.
Shown deterministically (the network fault suite found it: 4 in 120 acts before the fix)."""

from __future__ import annotations

from pathlib import Path

from drivers.idcard.demo_cards import LI_SI, ZHANG_SAN
from kiosk.core.results import Outcome
from kiosk.core.settings import OfflinePolicy
from kiosk.sync.replay import Replayer
from tests.e2e.conftest import kiosk_services
from tests.e2e.invariants import service_violations, snapshot
from tests.e2e.regional_process import RegionalService
from tests.e2e.test_offline_and_sync import chip
from tests.fault_proxy import FaultProxy


def test_a_refused_borrow_whose_answer_is_lost_is_recorded_as_the_offline_act_it_became(
    tmp_path: Path, service: RegionalService
) -> None:
    proxy = FaultProxy(service.port)
    kiosk = kiosk_services(tmp_path / "k", proxy.url, service.token, OfflinePolicy())
    before = snapshot(service)
    try:
        book = service.available_items("CQL", 1)[0]
        first = kiosk.circulation.identify(chip(ZHANG_SAN)).context
        assert kiosk.circulation.borrow(first, book).outcome == Outcome.DONE
        second = kiosk.circulation.identify(chip(LI_SI)).context
        proxy.mode = "drop_response"  # the service refuses (on loan to another); nobody hears
        told = kiosk.circulation.borrow(second, book)
        proxy.mode = "pass"
        assert told.outcome == Outcome.PROVISIONAL and told.txn_id is not None
        assert Replayer(kiosk.journal, kiosk.backend, 10).run_once().clean
        # Told done provisionally (a chip card may borrow offline): the replay records the
        # offline act the refusal had not, with the rule it broke as an exception for staff.
        answer = kiosk.journal.get(told.txn_id)
        assert answer is not None and answer.result_code == "offline_loan_taken_over", answer
        assert service_violations(kiosk.journal.entries(), service, before) == []
    finally:
        kiosk.close()
        proxy.close()
