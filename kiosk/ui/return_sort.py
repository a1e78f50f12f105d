"""The line that tells a patron how to sort a returned stack ("To sort: hold shelf 1 · transit
bin 2 · return cart 3")."""

from __future__ import annotations

from collections.abc import Sequence

from kiosk.core.return_groups import Destination, tally
from kiosk.core.session import ItemRow
from kiosk.ui.i18n import translate
from kiosk.ui.messages import QT_TRANSLATE_NOOP

_PLACES = {
    Destination.PUT_BACK: QT_TRANSLATE_NOOP("ReturnSort", "back on the pad {n}"),
    Destination.KEEP: QT_TRANSLATE_NOOP("ReturnSort", "not returned {n}"),
    Destination.HOLD_SHELF: QT_TRANSLATE_NOOP("ReturnSort", "hold shelf {n}"),
    Destination.TRANSIT: QT_TRANSLATE_NOOP("ReturnSort", "transit bin {n}"),
    Destination.RETURN_CART: QT_TRANSLATE_NOOP("ReturnSort", "return cart {n}"),
}


def sort_text(rows: Sequence[ItemRow]) -> str:
    """Where the finished returns go, by place; empty when they all go to one place (each
    row says it then) or there are none."""
    counts = tally(rows)
    if len(counts) < 2:
        return ""
    parts = [translate("ReturnSort", _PLACES[c.destination]).format(n=c.count) for c in counts]
    return translate("ReturnSort", "To sort: {places}").format(
        places=translate("ReturnSort", " · ").join(parts)
    )
