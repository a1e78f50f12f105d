"""Staff accounts: Argon2 password hashes, sign-in rate-limited per account and per client in
the database (every instance counts the same guesses), and roles that scope what staff see."""

from __future__ import annotations

import datetime as dt
import functools
import secrets
import threading
from dataclasses import dataclass
from enum import StrEnum

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from regional.db.models import Library, StaffAccount
from regional.db.models import RequestBudget as Budget
from regional.db.upsert import insert_for

# Failed sign-ins allowed per window before further tries are refused unchecked: few per
# account (guessing one password), more per client (a desk PC shared by several staff).
LOGIN_WINDOW_S = 15 * 60
FAILURES_PER_ACCOUNT = 5
FAILURES_PER_CLIENT = 20
MIN_PASSWORD_LENGTH = 10
# An Argon2 hash takes 64 MiB and tens of ms of a core: a flood of sign-ins queues here.
_hashing = threading.BoundedSemaphore(2)
_hasher = PasswordHasher()


class StaffRole(StrEnum):
    LIBRARY = "library"  # staff of one library: its kiosks and its acts only
    OPERATOR = "operator"  # the network's operators: every library


@dataclass(frozen=True)
class Staff:
    """The signed-in person, as the pages need them."""

    id: int
    username: str
    role: StaffRole
    library_id: str | None

    def sees(self, library_id: str) -> bool:
        return self.role == StaffRole.OPERATOR or library_id == self.library_id

    @property
    def scope(self) -> str | None:
        """The one library this person may see, or None for all."""
        return None if self.role == StaffRole.OPERATOR else self.library_id


class AccountError(Exception):
    """A staff account cannot be created as asked."""


def hash_password(password: str) -> str:
    with _hashing:
        return _hasher.hash(password)


def _verify(stored: str, password: str) -> bool:
    with _hashing:
        try:
            return _hasher.verify(stored, password)
        except (VerificationError, InvalidHashError):
            return False


@functools.cache
def _decoy_hash() -> str:
    """A hash no password matches, so an unknown name costs the same time as a wrong password."""
    return hash_password(secrets.token_urlsafe(24))


def create_staff(
    session: Session,
    username: str,
    password: str,
    role: StaffRole,
    library_id: str | None,
    now: dt.datetime,
) -> StaffAccount:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"the password must have at least {MIN_PASSWORD_LENGTH} characters")
    if role == StaffRole.LIBRARY and library_id is None:
        raise AccountError("library staff need --library")
    if role == StaffRole.OPERATOR:
        library_id = None
    if library_id is not None and session.get(Library, library_id) is None:
        raise AccountError(f"no library {library_id}")
    if session.scalars(select(StaffAccount).where(StaffAccount.username == username)).first():
        raise AccountError(f"there is already an account {username}")
    account = StaffAccount(
        username=username,
        password_hash=hash_password(password),
        role=role.value,
        library_id=library_id,
        created_at=now,
    )
    session.add(account)
    session.flush()
    return account


def list_staff(session: Session) -> list[StaffAccount]:
    return list(session.scalars(select(StaffAccount).order_by(StaffAccount.username)))


def disable_staff(session: Session, username: str, now: dt.datetime) -> bool:
    """Stop an account: it cannot sign in, and its open sessions end at their next request."""
    account = session.scalars(select(StaffAccount).where(StaffAccount.username == username)).first()
    if account is None:
        return False
    account.disabled_at = account.disabled_at or now
    return True


def as_staff(account: StaffAccount) -> Staff:
    return Staff(account.id, account.username, StaffRole(account.role), account.library_id)


class SignIn(StrEnum):
    OK = "ok"
    WRONG = "wrong"  # unknown name or wrong password: one answer for both
    THROTTLED = "throttled"


@dataclass(frozen=True)
class SignInResult:
    verdict: SignIn
    staff: Staff | None = None
    retry_after_s: float = 0.0


def _account_key(username: str) -> str:
    return f"console-login-account:{username.casefold()}"


def _client_key(client: str) -> str:
    return f"console-login-client:{client}"


def _window(now: dt.datetime) -> int:
    return int(now.timestamp() // LOGIN_WINDOW_S)


def _failures(session: Session, key: str, now: dt.datetime) -> int:
    """Failures in this window and the one before: a guesser gains nothing by timing the
    guesses around a window's edge (a lock then lasts one to two windows)."""
    window = _window(now)
    counts = session.scalars(
        select(Budget.count).where(Budget.key == key, Budget.window >= window - 1)
    )
    return sum(counts)


def _count_failure(session: Session, key: str, now: dt.datetime) -> None:
    window = _window(now)
    session.execute(
        insert_for(session, Budget)
        .values(key=key, window=window, count=1)
        .on_conflict_do_update(
            index_elements=[Budget.key, Budget.window], set_={"count": Budget.count + 1}
        )
    )
    session.execute(delete(Budget).where(Budget.key == key, Budget.window < window - 1))


def _next_window_s(now: dt.datetime) -> float:
    stamp = now.timestamp()
    return max(1.0, (_window(now) + 1) * LOGIN_WINDOW_S - stamp)


def sign_in(
    session: Session, username: str, password: str, client: str, now: dt.datetime
) -> SignInResult:
    """Check a sign-in. The caller commits whatever the verdict: a failure must stay counted."""
    if (
        _failures(session, _account_key(username), now) >= FAILURES_PER_ACCOUNT
        or _failures(session, _client_key(client), now) >= FAILURES_PER_CLIENT
    ):
        return SignInResult(SignIn.THROTTLED, retry_after_s=_next_window_s(now))
    account = session.scalars(select(StaffAccount).where(StaffAccount.username == username)).first()
    matches = _verify(account.password_hash if account else _decoy_hash(), password)
    if account is None or not matches or account.disabled_at is not None:
        _count_failure(session, _account_key(username), now)
        _count_failure(session, _client_key(client), now)
        return SignInResult(SignIn.WRONG)
    return SignInResult(SignIn.OK, as_staff(account))


def staff_for_session(session: Session, staff_id: int, signed_at: dt.datetime) -> Staff | None:
    """The account behind a session cookie, if it still stands (not disabled, not signed out
    since the cookie was signed)."""
    account = session.get(StaffAccount, staff_id)
    if account is None or account.disabled_at is not None:
        return None
    if account.sessions_valid_after is not None and signed_at <= account.sessions_valid_after:
        return None
    return as_staff(account)


def sign_out(session: Session, staff_id: int, now: dt.datetime) -> None:
    account = session.get(StaffAccount, staff_id)
    if account is not None:
        account.sessions_valid_after = now
