"""Items and loans as the API refers to them, from the database's rows."""

from __future__ import annotations

import datetime as dt
from typing import Protocol

from regional.schemas import ItemRef, LoanRef


class ItemLike(Protocol):
    """An item as an ORM object or as a plain row of the act path."""

    @property
    def barcode(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def owner_library_id(self) -> str: ...


def item_ref(item: ItemLike) -> ItemRef:
    return ItemRef(barcode=item.barcode, title=item.title, owner_library=item.owner_library_id)


def loan_ref(item: ItemLike, due: dt.date) -> LoanRef:
    return LoanRef(item=item_ref(item), due=due)
