"""The service's one retry policy (whole writes and a batch's savepoints): a concurrent
writer's conflict is tried again, anything else is not, and a conflict that never clears
answers 503 busy."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy.exc import DBAPIError, IntegrityError

from regional.problems import Problem
from regional.services.unit_of_work import with_retries


class _PgError(Exception):
    def __init__(self, sqlstate: str) -> None:
        super().__init__(sqlstate)
        self.sqlstate = sqlstate


def _failing(errors: list[Exception]) -> tuple[list[int], Callable[[], str]]:
    calls: list[int] = []

    def once() -> str:
        calls.append(1)
        if errors:
            raise errors.pop(0)
        return "done"

    return calls, once


def test_conflicts_are_tried_again() -> None:
    calls, once = _failing(
        [
            IntegrityError("INSERT", {}, Exception("duplicate key")),
            DBAPIError("UPDATE", {}, _PgError("40001")),  # serialization failure
            DBAPIError("UPDATE", {}, Exception("database is locked")),  # SQLite
        ]
    )
    assert with_retries(once) == "done"
    assert len(calls) == 4


def test_other_database_errors_are_not() -> None:
    calls, once = _failing([DBAPIError("SELECT", {}, _PgError("42P01"))])  # no such table
    with pytest.raises(DBAPIError):
        with_retries(once)
    assert len(calls) == 1


def test_a_conflict_that_never_clears_answers_busy() -> None:
    calls, once = _failing([IntegrityError("INSERT", {}, Exception("dup")) for _ in range(10)])
    with pytest.raises(Problem) as raised:
        with_retries(once, attempts=3)
    assert raised.value.status == 503 and raised.value.code == "busy"
    assert len(calls) == 3
