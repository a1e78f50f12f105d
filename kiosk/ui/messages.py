"""Every code a patron can meet, in plain words that say what to do (codes stay in the log)."""

from __future__ import annotations

import datetime as dt
import logging

from kiosk.core.results import ResultCode
from kiosk.ui.i18n import current_language, translate
from kiosk.ui.libraries import library_name

log = logging.getLogger(__name__)


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Marks ``text`` for lupdate (which reads this name); it is translated where shown."""
    return text


GENERIC = QT_TRANSLATE_NOOP(
    "Messages", "Something went wrong. Please try again, or ask the staff for help."
)

# Codes from the service, from identifying a patron and from the kiosk itself. OK needs no
# words; UNKNOWN (a code newer than this kiosk) gets the generic ones.
_MESSAGES: dict[ResultCode, str] = {
    # service rejections
    ResultCode.PATRON_BLOCKED: QT_TRANSLATE_NOOP(
        "Messages", "Your card cannot borrow at the moment. Please ask at the service desk."
    ),
    ResultCode.CREDENTIAL_EXPIRED: QT_TRANSLATE_NOOP(
        "Messages",
        "Your card has expired, so it cannot borrow. You can still return books. "
        "The service desk can renew a library card or give you a new one.",
    ),
    ResultCode.LOAN_LIMIT_REACHED: QT_TRANSLATE_NOOP(
        "Messages",
        "You have reached your borrowing limit. Please return a book before borrowing this one.",
    ),
    ResultCode.ITEM_NOT_FOUND: QT_TRANSLATE_NOOP(
        "Messages", "This book is not in the library system. Please hand it to the staff."
    ),
    ResultCode.ITEM_NOT_LOANABLE: QT_TRANSLATE_NOOP(
        "Messages",
        "This book is for reading in the library only. Please put it on the return cart.",
    ),
    ResultCode.ITEM_ON_HOLD_FOR_OTHER: QT_TRANSLATE_NOOP(
        "Messages",
        "This book is reserved for another reader. Please hand it to the staff.",
    ),
    ResultCode.ITEM_ON_LOAN_TO_OTHER: QT_TRANSLATE_NOOP(
        "Messages",
        "This book is on loan to another reader, so it cannot be borrowed. If you are "
        "returning it, press Finish, then scan it again on the first screen.",
    ),
    ResultCode.ALREADY_BORROWED_BY_YOU: QT_TRANSLATE_NOOP(
        "Messages",
        "This book is already on loan to you. To keep it, do nothing. "
        "To return it now, press Return it.",
    ),
    ResultCode.RENEW_LIMIT_REACHED: QT_TRANSLATE_NOOP(
        "Messages", "This book cannot be renewed again. Please return it by its due date."
    ),
    ResultCode.RENEW_BLOCKED_BY_HOLD: QT_TRANSLATE_NOOP(
        "Messages",
        "Another reader is waiting for this book, so it cannot be renewed. "
        "Please return it by its due date.",
    ),
    ResultCode.NOT_ON_LOAN: QT_TRANSLATE_NOOP(
        "Messages", "This book is not on loan. Please put it on the return cart."
    ),
    ResultCode.PATRON_NOT_FOUND: QT_TRANSLATE_NOOP(
        "Messages",
        "We could not find your card in the library system. Please ask at the service desk.",
    ),
    ResultCode.VOIDED: QT_TRANSLATE_NOOP(
        "Messages", "This was cancelled and not recorded. Please scan the book again."
    ),
    ResultCode.FORBIDDEN: QT_TRANSLATE_NOOP(
        "Messages", "This kiosk cannot do that. Please ask the staff for help."
    ),
    ResultCode.SESSION_INVALID: QT_TRANSLATE_NOOP(
        "Messages",
        "Not borrowed: your session has ended. Please place your card on the reader again, "
        "then scan the book again.",
    ),
    ResultCode.SESSION_REQUIRED: QT_TRANSLATE_NOOP(
        "Messages",
        "Not done: the library system could not confirm your card. Please place your card on "
        "the reader again.",
    ),
    ResultCode.VALIDATION_ERROR: GENERIC,
    # identifying the patron
    ResultCode.PIN_REQUIRED: QT_TRANSLATE_NOOP("Messages", "Please enter your PIN."),
    ResultCode.PIN_INVALID: QT_TRANSLATE_NOOP(
        "Messages", "That PIN is not right. Please enter it again."
    ),
    ResultCode.OFFLINE_CARD_NOT_ACCEPTED: QT_TRANSLATE_NOOP(
        "Messages",
        "The network is down, so only a resident ID card can be used now. "
        "Please place your ID card on the reader, or come back later.",
    ),
    ResultCode.INTERNAL_ERROR: GENERIC,
    ResultCode.SERVICE_MISCONFIGURED: QT_TRANSLATE_NOOP(
        "Messages", "This kiosk cannot check cards right now. Please ask the staff for help."
    ),
    # the kiosk's own
    ResultCode.OFFLINE_BORROW_NOT_ALLOWED: QT_TRANSLATE_NOOP(
        "Messages",
        "Borrowing is paused while the network is down. You can still return books.",
    ),
    ResultCode.OFFLINE_LIMIT_REACHED: QT_TRANSLATE_NOOP(
        "Messages",
        "You have borrowed as many books as this kiosk lends while the network is down. "
        "Please borrow the others when it is back.",
    ),
    ResultCode.OFFLINE_NO_RENEWALS: QT_TRANSLATE_NOOP(
        "Messages", "Renewing is paused while the network is down. Please try again later."
    ),
    ResultCode.JOURNAL_UNAVAILABLE: QT_TRANSLATE_NOOP(
        "Messages", "This kiosk cannot record loans right now. Please ask the staff for help."
    ),
    ResultCode.OUTCOME_UNKNOWN: QT_TRANSLATE_NOOP(
        "Messages",
        "Not borrowed: the library system did not answer in time. Please scan the book again.",
    ),
    ResultCode.SERVICE_UNREACHABLE: QT_TRANSLATE_NOOP(
        "Messages",
        "The library system cannot be reached. Please try again in a moment.",
    ),
    ResultCode.TAP_CARD_FIRST: QT_TRANSLATE_NOOP(
        "Messages", "Please place your card on the reader first, then scan your books."
    ),
    ResultCode.SCAN_LIBRARY_LABEL: QT_TRANSLATE_NOOP(
        "Messages",
        "This is the ISBN on the cover. Please scan the library label inside the cover.",
    ),
    ResultCode.UNKNOWN_BARCODE: QT_TRANSLATE_NOOP(
        "Messages",
        "This code is not a library label. Please scan the library label inside the cover.",
    ),
    ResultCode.NOT_BORROWED_CARD_REFUSED: QT_TRANSLATE_NOOP(
        "Messages",
        "Not borrowed: your card could not be used. To return this book instead, "
        "press Return, then scan it again.",
    ),
    ResultCode.ID_CARD_EXPIRED: QT_TRANSLATE_NOOP(
        "Messages",
        "Your resident ID card has expired, so it cannot be used here. Please use your new "
        "ID card or your social-security card. You can still return books without a card.",
    ),
    ResultCode.NOTHING_TO_RENEW: QT_TRANSLATE_NOOP(
        "Messages",
        "None of your books is overdue or due soon, so nothing was renewed. "
        "To renew one anyway, press Renew beside it.",
    ),
    ResultCode.TAG_UNREADABLE: QT_TRANSLATE_NOOP(
        "Messages", "This book's tag cannot be read. Please take it off the pad and ask the staff."
    ),
    ResultCode.TAG_OUTSIDE_NETWORK: QT_TRANSLATE_NOOP(
        "Messages",
        "This book belongs to a library outside the shared reading network, so this kiosk "
        "cannot take it. Please take it off the pad and ask the staff.",
    ),
    ResultCode.ALREADY_RETURNED_HERE: QT_TRANSLATE_NOOP(
        "Messages",
        "You have just returned this book. Nothing more to do: put it where the list says.",
    ),
}

# Blocks on a patron's account, shown at the top of the session.
_BLOCKS: dict[str, str] = {
    "fines_over_limit": QT_TRANSLATE_NOOP(
        "Messages",
        "You have unpaid fines of {amount}. Please pay them at the service desk to borrow again.",
    ),
    "card_expired": QT_TRANSLATE_NOOP(
        "Messages", "Your card has expired. Please renew it at the service desk."
    ),
    "manual_block": QT_TRANSLATE_NOOP(
        "Messages", "Your card needs a check by the staff. Please go to the service desk."
    ),
}

# Devices by role (as they read inside a sentence), and what their link states mean.
_ROLES: dict[str, str] = {
    "id_card_reader": QT_TRANSLATE_NOOP("Devices", "ID card reader"),
    "scanner": QT_TRANSLATE_NOOP("Devices", "barcode scanner"),
    "card_reader": QT_TRANSLATE_NOOP("Devices", "card reader"),
    "rfid_reader": QT_TRANSLATE_NOOP("Devices", "RFID book pad"),
    "printer": QT_TRANSLATE_NOOP("Devices", "receipt printer"),
}
# Short names for the status marks in the top bar.
_SHORT_ROLES: dict[str, str] = {
    "id_card_reader": QT_TRANSLATE_NOOP("Devices", "ID reader"),
    "scanner": QT_TRANSLATE_NOOP("Devices", "Scanner"),
    "card_reader": QT_TRANSLATE_NOOP("Devices", "Card reader"),
    "rfid_reader": QT_TRANSLATE_NOOP("Devices", "Book pad"),
    "printer": QT_TRANSLATE_NOOP("Devices", "Printer"),
}
_STATES: dict[str, str] = {
    "connected": QT_TRANSLATE_NOOP("Devices", "working"),
    "disconnected": QT_TRANSLATE_NOOP("Devices", "not connected"),
    "error": QT_TRANSLATE_NOOP("Devices", "not working"),
}
# Why a required device stopped the kiosk, by the reason's suffix (<role>_<reason>).
_DEVICE_REASONS: dict[str, str] = {
    "disconnected": QT_TRANSLATE_NOOP("Devices", "The {device} is not connected."),
    "link_lost": QT_TRANSLATE_NOOP("Devices", "The {device} was unplugged or lost its link."),
    "port_missing": QT_TRANSLATE_NOOP("Devices", "The {device} cannot be found."),
    "port_busy": QT_TRANSLATE_NOOP("Devices", "The {device} is in use by another program."),
    "open_failed": QT_TRANSLATE_NOOP("Devices", "The {device} cannot be opened."),
    "reader_silent": QT_TRANSLATE_NOOP("Devices", "The {device} does not answer."),
    "sam_fault": QT_TRANSLATE_NOOP("Devices", "The {device}'s security module reports a fault."),
    "driver_error": QT_TRANSLATE_NOOP("Devices", "The {device} sent data the kiosk cannot read."),
    "paper_near_end": QT_TRANSLATE_NOOP("Devices", "The {device} is running out of paper."),
    "paper_out": QT_TRANSLATE_NOOP("Devices", "The {device} is out of paper."),
    "cover_open": QT_TRANSLATE_NOOP("Devices", "The {device}'s cover is open."),
    "printer_fault": QT_TRANSLATE_NOOP("Devices", "The {device} reports a fault."),
    "error": QT_TRANSLATE_NOOP("Devices", "The {device} is not working."),
}

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def message(code: str | None) -> str:
    """Plain words for a code (a ResultCode); a generic 'please ask staff' for codes without
    their own."""
    text = _MESSAGES.get(ResultCode.parse(code or ""))
    if text is None:
        log.info("no patron message for code %r", code)
        text = GENERIC
    return translate("Messages", text)


def block_text(code: str, fines_cents: int = 0) -> str:
    text = _BLOCKS.get(code)
    if text is None:
        log.info("no patron message for block %r", code)
        return translate("Messages", _BLOCKS["manual_block"])
    return translate("Messages", text).format(amount=money(fines_cents))


def device_name(role: str) -> str:
    text = _ROLES.get(role)
    return translate("Devices", text) if text else role


def device_short_name(role: str) -> str:
    text = _SHORT_ROLES.get(role)
    return translate("Devices", text) if text else role


def device_state(state: str) -> str:
    text = _STATES.get(state)
    return translate("Devices", text) if text else translate("Devices", _STATES["error"])


def out_of_service_reason(reason: str) -> str:
    """For staff: what stopped the kiosk, e.g. scanner_link_lost → 'The barcode scanner was
    unplugged or lost its link.'"""
    if reason == "journal_unavailable":
        return message(reason)
    for role in sorted(_ROLES, key=len, reverse=True):
        if reason.startswith(role + "_"):
            suffix = reason[len(role) + 1 :]
            text = _DEVICE_REASONS.get(suffix, _DEVICE_REASONS["error"])
            return translate("Devices", text).format(device=device_name(role))
    return translate("Messages", GENERIC)


def money(cents: int) -> str:
    return f"¥{cents / 100:.2f}"


def format_date(day: dt.date) -> str:
    if current_language() == "zh_CN":
        return f"{day.year}年{day.month}月{day.day}日"
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def library(library_id: str | None) -> str:
    return library_name(library_id, current_language())
