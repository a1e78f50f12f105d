"""Borrow, return and renew (one or a batch), and voids: idempotent on txn_id."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request, Response

from regional.api.answers import answer
from regional.api.deps import KioskClockDep, KioskDep, RuntimeDep, place_of
from regional.api.errors import problems
from regional.metrics import ServiceMetrics
from regional.schemas import (
    BatchRequest,
    BatchResult,
    TransactionRequest,
    TransactionResult,
    TxnId,
)
from regional.services import transactions

router = APIRouter(tags=["transactions"])


@router.post(
    "/transactions",
    response_model=TransactionResult,
    responses=problems(401, 403, 409, 413, 422, 503),
    summary="Apply one borrow, return or renew",
)
async def post_transaction(
    request: Request,
    runtime: RuntimeDep,
    kiosk: KioskDep,
    clock: KioskClockDep,
    body: TransactionRequest,
) -> Response:
    place = place_of(kiosk, body.library)
    metrics: ServiceMetrics = request.app.state.metrics

    def work() -> TransactionResult:
        result = transactions.run_transaction(runtime, body, kiosk.kiosk_id, place, clock)
        metrics.count_act(str(body.kind), result.code, place)
        return result

    return await answer(work)


@router.post(
    "/transactions/batch",
    response_model=BatchResult,
    responses=problems(401, 403, 409, 413, 422, 503),
    summary="Apply up to 500 transactions in order",
)
async def post_batch(
    request: Request, runtime: RuntimeDep, kiosk: KioskDep, clock: KioskClockDep, body: BatchRequest
) -> Response:
    # Every entry is checked before any is applied, so a forbidden one writes nothing.
    place = kiosk.library_id
    for act in body.transactions:
        place_of(kiosk, act.library)
    metrics: ServiceMetrics = request.app.state.metrics

    def work() -> BatchResult:
        results = transactions.run_batch(runtime, body.transactions, kiosk.kiosk_id, place, clock)
        for act, result in zip(body.transactions, results, strict=True):
            metrics.count_act(str(act.kind), result.code, place)
        return BatchResult(results=results)

    return await answer(work)


@router.delete(
    "/transactions/{txn_id}",
    response_model=TransactionResult,
    responses=problems(401, 403, 409, 422, 503),
    summary="Void a transaction (reverse it, or refuse it if it arrives later)",
)
async def void_transaction(
    runtime: RuntimeDep, kiosk: KioskDep, txn_id: Annotated[TxnId, Path()]
) -> Response:
    return await answer(
        lambda: transactions.run_void(runtime, str(txn_id), kiosk.kiosk_id, kiosk.library_id)
    )
