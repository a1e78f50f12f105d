"""The patron's standing, in plain words: blocks, fines, a first-time welcome, offline lending."""

from __future__ import annotations

from kiosk.core.session import SessionView
from kiosk.ui.i18n import translate
from kiosk.ui.messages import block_text, money


def patron_notices(view: SessionView) -> list[tuple[str, str]]:
    """(tone, text) pairs, most important first."""
    notices = [("warn", block_text(b.code, view.fines_cents)) for b in view.blocks]
    if view.fines_cents > 0 and not any(b.code == "fines_over_limit" for b in view.blocks):
        notices.append(
            (
                "info",
                translate(
                    "Notices", "Unpaid fines: {amount}. You can pay them at the service desk."
                ).format(amount=money(view.fines_cents)),
            )
        )
    if view.registered_now:
        notices.append(
            (
                "ok",
                translate(
                    "Notices",
                    "Welcome! Your ID card is now your library card in every member library.",
                ),
            )
        )
    if view.identified_offline:
        if view.offline_limit > 0:
            text = translate(
                "Notices",
                "The network is down: you can borrow up to {n} books now. "
                "They are confirmed when the network is back.",
            ).format(n=view.offline_limit)
        else:
            text = translate(
                "Notices",
                "The network is down: borrowing is paused. You can still return books.",
            )
        notices.append(("provisional", text))
    return notices


def loans_text(view: SessionView) -> str:
    if view.identified_offline or view.loan_limit <= 0:
        return ""
    return translate("Notices", "Books on loan: {used} of {limit}").format(
        used=view.loans_used, limit=view.loan_limit
    )


def greeting(view: SessionView) -> str:
    if not view.patron_name:
        return translate("Notices", "Hello")
    return translate("Notices", "Hello, {name}").format(name=view.patron_name)


def offline_line(limit: int) -> str:
    """The offline banner, in one line: what works, with the offline item limit as a number."""
    if limit > 0:
        return translate(
            "Notices",
            "Network down: returns work · up to {n} books with an ID card · no renewing",
        ).format(n=limit)
    return translate("Notices", "Network down: returns work · no borrowing or renewing")
