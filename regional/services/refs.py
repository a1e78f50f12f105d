"""Items and loans as the API refers to them, from the database's rows."""

from __future__ import annotations

import datetime as dt

from regional.db.models import Item
from regional.schemas import ItemRef, LoanRef


def item_ref(item: Item) -> ItemRef:
    return ItemRef(barcode=item.barcode, title=item.title, owner_library=item.owner_library_id)


def loan_ref(item: Item, due: dt.date) -> LoanRef:
    return LoanRef(item=item_ref(item), due=due)
