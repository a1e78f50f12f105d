"""A patron's receipt: what was borrowed, returned and renewed in a session, as plain text
(also the QR code's payload) and as ESC/POS bytes. Qt-free: its few words are its own."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from drivers.printer.driver import ReceiptPrinter
from drivers.printer.escpos import Align, ReceiptWriter, printable, text_width
from drivers.settings import ReceiptPrinterSettings
from kiosk.core.results import Outcome
from kiosk.core.return_groups import Destination, destination
from kiosk.core.session import ItemRow, SessionView
from kiosk.domain import ActKind
from patron_identity.masking import mask_name, scrub

LANGUAGES = ("zh_CN", "en")

# key -> (Chinese, English): every word a receipt prints besides names, titles and numbers.
WORDS: dict[str, tuple[str, str]] = {
    "heading": ("自助借还凭条", "Self-service receipt"),
    "kiosk": ("自助机：{kiosk}", "Kiosk: {kiosk}"),
    "time": ("时间：{time}", "Time: {time}"),
    "patron": ("读者：{patron}", "Patron: {patron}"),
    "borrowed": ("借出 {count} 册", "Borrowed: {count}"),
    "returned": ("归还 {count} 册", "Returned: {count}"),
    "renewed": ("续借 {count} 册", "Renewed: {count}"),
    "barcode": ("条码：{barcode}", "Barcode: {barcode}"),
    "due": ("应还：{date}", "Due: {date}"),
    "to_cart": ("去向：还书车", "Goes to: the return cart"),
    "to_hold_shelf": ("去向：预约书架（有读者在等）", "Goes to: the hold shelf (a reader waits)"),
    "to_transit": ("去向：送往{library}", "Goes to: {library}"),
    "provisional": ("离线办理，联网后确认", "Done offline; confirmed once online"),
    "no_title": ("（无题名）", "(no title)"),
    "keep": ("请保留此凭条，扫码可存到手机", "Keep this receipt, or scan it to your phone"),
}
RULE = "-"
# What a QR code on the receipt may hold, in bytes: beyond this its modules get too small to
# scan off 58 mm paper; the payload then lists titles and barcodes only.
QR_MAX_BYTES = 900
_KINDS = (ActKind.BORROW, ActKind.RENEW, ActKind.RETURN)
_HEADINGS = {ActKind.BORROW: "borrowed", ActKind.RETURN: "returned", ActKind.RENEW: "renewed"}


def word(key: str, language: str, **values: object) -> str:
    zh, en = WORDS[key]
    return (zh if language.startswith("zh") else en).format(**values)


@dataclass(frozen=True)
class ReceiptItem:
    """One book done in the session, as a receipt lists it."""

    kind: ActKind
    title: str
    barcode: str
    due: dt.date | None = None
    destination: Destination | None = None  # a return's
    library: str | None = None  # where a book in transit goes
    provisional: bool = False


@dataclass(frozen=True)
class Receipt:
    """What one receipt says. ``lines`` is the plain-text summary, the QR code's too."""

    language: str
    library: str  # the library's name
    lines: tuple[str, ...]
    items: tuple[ReceiptItem, ...]
    qr_payload: str

    @property
    def text(self) -> str:
        return "\n".join((self.library, word("heading", self.language), *self.lines))


def receipt_items(view: SessionView) -> tuple[ReceiptItem, ...]:
    """The session's books that were done (online or offline), borrows first."""
    done = [r for r in view.rows if not r.pending and r.outcome in _DONE_OUTCOMES]
    return tuple(_item(r) for kind in _KINDS for r in done if r.kind == kind)


_DONE_OUTCOMES = (Outcome.DONE, Outcome.PROVISIONAL)


def _item(row: ItemRow) -> ReceiptItem:
    return ReceiptItem(
        kind=row.kind,
        title=row.title,
        barcode=row.barcode,
        due=row.due,
        destination=destination(row) if row.kind == ActKind.RETURN else None,
        library=row.routing_library,
        provisional=row.provisional or row.outcome == Outcome.PROVISIONAL,
    )


def build_receipt(
    view: SessionView,
    *,
    kiosk_id: str,
    library_id: str,
    language: str,
    when: dt.datetime,
    library_names: Mapping[str, tuple[str, str]] | None = None,
) -> Receipt:
    """The receipt of ``view``'s session in ``language`` ("zh_CN" or "en"); ``library_names``
    by id as (Chinese, English), an id missing there is printed as it is."""
    names = library_names or {}

    def library(library_id: str | None) -> str:
        pair = names.get((library_id or "").upper())
        if pair is None:
            return library_id or ""
        return pair[0] if language.startswith("zh") else pair[1]

    items = receipt_items(view)
    head = [word("kiosk", language, kiosk=kiosk_id)]
    head.append(word("time", language, time=when.strftime("%Y-%m-%d %H:%M")))
    if view.patron_name:
        # Masked here whatever the library side sent: only the first character is printed.
        head.append(word("patron", language, patron=_masked(view.patron_name)))
    body: list[str] = []
    short: list[str] = []
    number = 0
    for kind in _KINDS:
        of_kind = [i for i in items if i.kind == kind]
        if not of_kind:
            continue
        heading = word(_HEADINGS[kind], language, count=len(of_kind))
        body.append(heading)
        short.append(heading)
        for item in of_kind:
            number += 1
            title = _plain(scrub(item.title)) or word("no_title", language)
            body.append(f"{number}. {title}")
            barcode = _plain(item.barcode)
            body.append("   " + word("barcode", language, barcode=barcode))
            short.append(f"{number}. {title} {barcode}")
            if item.kind != ActKind.RETURN and item.due is not None:
                body.append("   " + word("due", language, date=item.due.isoformat()))
            if item.kind == ActKind.RETURN:
                body.append("   " + _where(item, language, library))
            if item.provisional:
                body.append("   " + word("provisional", language))
    lines = (*head, *body)
    header = (library(library_id), word("heading", language))
    payload = "\n".join((*header, *lines))
    if len(payload.encode("utf-8")) > QR_MAX_BYTES:
        payload = _shorten("\n".join((*header, *head, *short)))
    return Receipt(language, header[0], lines, items, payload)


def _where(item: ReceiptItem, language: str, library: Callable[[str | None], str]) -> str:
    if item.destination == Destination.HOLD_SHELF:
        return word("to_hold_shelf", language)
    if item.destination == Destination.TRANSIT:
        return word("to_transit", language, library=library(item.library))
    return word("to_cart", language)


def _shorten(text: str) -> str:
    data = text.encode("utf-8")
    if len(data) <= QR_MAX_BYTES:
        return text
    cut = data[: QR_MAX_BYTES - 3].decode("utf-8", errors="ignore")
    return cut.rsplit("\n", 1)[0] + "\n…"


def wrap(text: str, width: int, indent: str = "") -> list[str]:
    """``text`` cut into lines of at most ``width`` printer columns (a hanzi takes two), Latin
    words kept whole where they fit; a continuation line starts with ``indent``."""
    lines: list[str] = []
    current, start = "", 0  # start: where the current line's own text begins
    for char in printable(text):
        if len(current) > start and text_width(current + char) > width:
            space = current.rfind(" ", start + 1)
            if char != " " and space > start and current[space + 1 :].isascii():
                lines.append(current[:space].rstrip())
                current = indent + current[space + 1 :]
            else:
                lines.append(current.rstrip())
                current = indent
            start = len(indent)
            if char == " " and len(current) == start:
                continue
        current += char
    lines.append(current)
    return lines


def _plain(text: str) -> str:
    """Control characters out: in the QR payload a DLE EOT in a title would be a real-time
    command to the printer, whatever the length bytes around it say."""
    return "".join(" " if unicodedata.category(c) == "Cc" else c for c in text).strip()


def _masked(name: str) -> str:
    """The first character and one star, whatever the name's length (``张*``)."""
    masked = mask_name(_plain(scrub(name)))
    return masked[:1] + "*" if masked else ""


def render_escpos(receipt: Receipt, writer: ReceiptWriter, width: int = 32) -> bytes:
    """The receipt's bytes for an ESC/POS printer ``width`` half-width columns wide."""
    writer.line(receipt.library, bold=True, align=Align.CENTER, tall=True)
    writer.line(word("heading", receipt.language), align=Align.CENTER)
    writer.line(RULE * width)
    headings = {
        word(_HEADINGS[item.kind], receipt.language, count=count)
        for item in receipt.items
        for count in [sum(1 for i in receipt.items if i.kind == item.kind)]
    }
    for line in receipt.lines:
        for part in wrap(line, width, "   "):
            writer.line(part, bold=line in headings)
    writer.line(RULE * width)
    for part in wrap(word("keep", receipt.language), width):
        writer.line(part, align=Align.CENTER)
    writer.qr(receipt.qr_payload)
    writer.cut()
    return writer.bytes()


def receipt_bytes(receipt: Receipt, settings: ReceiptPrinterSettings) -> bytes:
    """The receipt's bytes for the printer ``settings`` describe (its line width, cut, QR
    module size): what ``ReceiptPrinter.print_bytes`` takes."""
    return render_escpos(receipt, ReceiptPrinter.writer_for(settings), settings.line_width)
