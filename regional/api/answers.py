"""Answers built whole in one trip to the thread pool: the work, the model and its JSON."""

from __future__ import annotations

from collections.abc import Callable

from fastapi import Response
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool


def _as_json(work: Callable[[], BaseModel]) -> Response:
    return Response(work().model_dump_json(), media_type="application/json")


async def answer(work: Callable[[], BaseModel]) -> Response:
    """Run ``work`` (blocking: the database) in the thread pool and answer its model as JSON.

    A plain (sync) endpoint costs two trips to the pool: one for the endpoint, and one more
    in which FastAPI validates and serialises what it returned. Here the endpoint is a
    coroutine that makes one trip for both, and returns a ready Response, which FastAPI
    passes on untouched; the route's ``response_model`` still documents the answer."""
    return await run_in_threadpool(_as_json, work)
