"""GET /v1/items/{barcode}: one copy, its owner, status and due date."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from regional.api.deps import KioskDep, RuntimeDep
from regional.api.errors import problems
from regional.db.models import Item
from regional.problems import Problem
from regional.schemas import Barcode, ItemView
from regional.services.holds import active_loan

router = APIRouter(tags=["items"])


@router.get(
    "/items/{barcode}",
    response_model=ItemView,
    responses=problems(401, 404, 422),
    summary="Look up an item",
)
def get_item(
    runtime: RuntimeDep, _kiosk: KioskDep, barcode: Annotated[Barcode, Path()]
) -> ItemView:
    with runtime.db.read() as session:
        item = session.get(Item, barcode)
        if item is None:
            raise Problem(404, "item_not_found", f"no item {barcode} in the network")
        loan = active_loan(session, barcode)
        return ItemView(
            barcode=item.barcode,
            title=item.title,
            author=item.author,
            owner_library=item.owner_library_id,
            status=item.status,
            due=loan.due if loan else None,
        )
