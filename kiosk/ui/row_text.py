"""What one scanned book's row says: the title, what happened, and what to do next."""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.core.results import Outcome
from kiosk.core.session import ItemRow, RowSecurity
from kiosk.domain import ActKind
from kiosk.ui.i18n import current_language, translate
from kiosk.ui.messages import format_date, library, message
from kiosk.ui.widgets.glyphs import Glyph


@dataclass(frozen=True)
class RowText:
    title: str
    barcode: str  # shown small under a title; empty when the title is the barcode
    status: str
    detail: str = ""
    tone: str = "ok"  # ok | warn | bad | info | pending | provisional
    glyph: Glyph | None = None  # None: a spinner
    tag: str = ""  # a small label at the end of the row ("Provisional")


def row_text(row: ItemRow) -> RowText:
    title = row.title or row.barcode
    barcode = row.barcode if row.title else ""
    if row.pending:
        return RowText(
            title, barcode, translate("ItemRow", "Checking…"), tone="pending", glyph=None
        )
    if row.security == RowSecurity.NOT_SET:
        return _put_back(row, title, barcode)
    if row.kind == ActKind.RETURN:
        return _returned(row, title, barcode)
    done = row.outcome in (Outcome.DONE, Outcome.PROVISIONAL)
    due = format_date(row.due) if row.due else ""
    if row.kind == ActKind.RENEW:
        if done:
            status = translate("ItemRow", "Renewed, now due {date}").format(date=due)
            return RowText(title, barcode, status, glyph=Glyph.CHECK)
        return _refused(row, title, barcode, translate("ItemRow", "Not renewed"))
    if row.outcome == Outcome.PROVISIONAL:
        return RowText(
            title,
            barcode,
            translate("ItemRow", "Borrowed offline, due {date}").format(date=due),
            translate("ItemRow", "Provisional: it is confirmed when the network is back."),
            tone="provisional",
            glyph=Glyph.CLOCK,
            tag=translate("ItemRow", "Provisional"),
        )
    if done:
        status = (
            translate("ItemRow", "Borrowed, due {date}").format(date=due)
            if due
            else translate("ItemRow", "Borrowed")
        )
        return RowText(title, barcode, status, glyph=Glyph.CHECK)
    if row.code == "already_borrowed_by_you":
        status = translate("ItemRow", "Already yours")
        return RowText(title, barcode, status, message(row.code), tone="info", glyph=Glyph.INFO)
    return _refused(row, title, barcode, translate("ItemRow", "Not borrowed"))


def alert_text(row: ItemRow | None) -> str:
    """A scan that was not done, in one sentence naming the book (for the message banner)."""
    if row is None or row.pending:
        return ""
    text = row_text(row)
    return (
        translate("ItemRow", "“{title}”: {status}. {detail}")
        .format(title=text.title, status=text.status, detail=text.detail)
        .strip()
    )


def _refused(row: ItemRow, title: str, barcode: str, status: str) -> RowText:
    tone = "warn" if row.outcome == Outcome.REFUSED else "bad"
    glyph = Glyph.WARN if row.outcome == Outcome.REFUSED else Glyph.CROSS
    why = message(row.code)
    if row.library_message and row.library_message_language == current_language():
        why = row.library_message  # the library system's own words, in the patron's language
    return RowText(title, barcode, status, why, tone=tone, glyph=glyph)


def _put_back(row: ItemRow, title: str, barcode: str) -> RowText:
    """Done, but the tag's security could not be written: the gate would not agree."""
    if row.kind == ActKind.RETURN:
        status = translate("ItemRow", "Returned, but its tag is not set")
    else:
        status = translate("ItemRow", "Borrowed, but its tag is not set")
    detail = translate("ItemRow", "Please put this book back on the pad.")
    return RowText(title, barcode, status, detail, tone="warn", glyph=Glyph.WARN)


def _returned(row: ItemRow, title: str, barcode: str) -> RowText:
    if row.code == "not_on_loan":
        # Checked in already (returned a moment ago, or never lent): not a failure.
        return RowText(
            title,
            barcode,
            translate("ItemRow", "Already returned"),
            translate("ItemRow", "Nothing more to do: put it on the return cart."),
            tone="info",
            glyph=Glyph.CART,
        )
    if row.outcome not in (Outcome.DONE, Outcome.PROVISIONAL):
        return _refused(row, title, barcode, translate("ItemRow", "Not returned"))
    if row.outcome == Outcome.PROVISIONAL or row.provisional:
        return RowText(
            title,
            barcode,
            translate("ItemRow", "Returned: put it on the return cart"),
            translate("ItemRow", "It will be checked in when the network is back."),
            tone="provisional",
            glyph=Glyph.CART,
            tag=translate("ItemRow", "Offline"),
        )
    if row.routing_action == "transit":
        return RowText(
            title,
            barcode,
            translate("ItemRow", "Returned: put it in the transit bin"),
            translate("ItemRow", "It goes to {library}.").format(
                library=library(row.routing_library)
            ),
            tone="transit",
            glyph=Glyph.TRUCK,
        )
    if row.routing_action == "hold_shelf":
        # Never the waiting reader's name on a patron screen (a staff hold slip may carry it).
        detail = translate("ItemRow", "Another reader is waiting for it.")
        return RowText(
            title,
            barcode,
            translate("ItemRow", "Returned: put it on the hold shelf"),
            detail,
            tone="hold",
            glyph=Glyph.HOLD,
        )
    return RowText(
        title,
        barcode,
        translate("ItemRow", "Returned: put it on the return cart"),
        glyph=Glyph.CART,
    )
