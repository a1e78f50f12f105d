"""The offline item limit (trust rules): at most the library's number of items per patron per
offline episode at one kiosk; an offline borrow past it is recorded and changes nothing.

An episode, as the service can tell it: the offline acts of one kiosk since it was last heard
from. Anything the kiosk sent before the act (an online act, a lookup that opened a session,
the replay of earlier offline acts) ends the previous episode. The kiosk counts the same way:
its offline borrows by this card that the service has not heard of yet."""

from __future__ import annotations

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from patron_identity.kinds import CredentialKind
from regional.db.models import PatronSession, TransactionRecord, table_of
from regional.db.policies import policy
from regional.schemas import EARLIEST, TransactionRequest, TxnException, TxnStatus
from regional.services.act import Act
from regional.services.outcome import Outcome

_RECORDS = table_of(TransactionRecord)
_SESSIONS = table_of(PatronSession)
_LAST_RECORD = select(func.max(_RECORDS.c.received_at)).where(
    _RECORDS.c.kiosk_id == bindparam("kiosk"), _RECORDS.c.received_at < bindparam("at")
)
_LAST_SESSION = select(func.max(_SESSIONS.c.created_at)).where(
    _SESSIONS.c.kiosk_id == bindparam("kiosk"), _SESSIONS.c.created_at < bindparam("at")
)
_LENT_SINCE = select(func.count()).where(
    _RECORDS.c.patron_id == bindparam("patron"),
    _RECORDS.c.kiosk_id == bindparam("kiosk"),
    _RECORDS.c.offline_lent,
    _RECORDS.c.occurred_at > bindparam("since"),
)


def _recorded_only(code: str, detail: str) -> Outcome:
    """Recorded for staff; nothing is lent (the loan, the counter and the copy stay)."""
    return Outcome(TxnStatus.ACCEPTED, "ok", exceptions=[TxnException(code=code, detail=detail)])


def outside_policy(
    session: Session, request: TransactionRequest, act: Act, patron_id: int
) -> Outcome | None:
    """The outcome of an offline borrow or renewal outside the offline policy, or None to
    go ahead."""
    card = request.credential
    if request.session is None and (
        card is None or card.kind != CredentialKind.ID_CARD or request.id_card is None
    ):
        return _recorded_only(
            "offline_credential_not_accepted",
            "offline, only a resident ID card read from its chip names the patron",
        )
    if request.kind != "borrow":
        return None
    return _exceeded(session, act, patron_id)


def _exceeded(session: Session, act: Act, patron_id: int) -> Outcome | None:
    limit = policy(session, act.place).offline_item_limit
    params = {"kiosk": act.kiosk_id, "at": act.at}
    heard = [
        found
        for found in (
            session.execute(_LAST_RECORD, params).scalar(),
            session.execute(_LAST_SESSION, params).scalar(),
        )
        if found is not None
    ]
    since = max(heard, default=EARLIEST)  # never heard from: every offline loan it made counts
    lent = session.execute(
        _LENT_SINCE, {"patron": patron_id, "kiosk": act.kiosk_id, "since": since}
    ).scalar_one()
    if lent < limit:
        return None
    detail = (
        f"{lent} items were lent offline to this patron at this kiosk already; the offline "
        f"limit is {limit}: nothing was lent for this one, staff must follow it up"
    )
    return _recorded_only("offline_limit_exceeded", detail)
