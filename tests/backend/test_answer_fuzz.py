"""Fuzzing how the client reads the service's answers: any status, any body, any JSON shape
→ a parsed result or a typed BackendError, never another exception. Unit level: the HTTP
transport is replaced by an adapter that hands back the fuzzed answer."""

from __future__ import annotations

import datetime as dt
import io
import json
from typing import Any

import requests
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from kiosk.backend.errors import BackendError
from kiosk.backend.port import TxnRequest
from kiosk.backend.regional_client import RegionalClient
from kiosk.backend.settings import ServiceSettings
from kiosk.domain import ActKind, Credential

KEYS = [
    "status",
    "code",
    "txn_id",
    "results",
    "loan",
    "item",
    "due",
    "routing",
    "action",
    "barcode",
    "title",
    "patron_id",
    "display_name",
    "blocks",
    "loans",
    "holds_ready",
    "time",
    "version",
    "detail",
    "exceptions",
    "loan_limit",
    "fines_cents",
    "expires",
]
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=12),
    st.sampled_from(["2026-11-23", "2026-11-23T10:00:00+00:00", "ok", "accepted", "x"]),
)
json_values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=6), inner, max_size=6)
    ),
    max_leaves=25,
)


class CannedAdapter(requests.adapters.BaseAdapter):
    def __init__(self) -> None:
        super().__init__()
        self.status = 200
        self.body = b""

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
        response = requests.Response()
        response.status_code = self.status
        response.raw = io.BytesIO(self.body)
        response.headers["Content-Type"] = "application/json"
        response.request = request
        response.url = request.url or ""
        return response

    def close(self) -> None:
        pass


def client_answering() -> tuple[RegionalClient, CannedAdapter]:
    adapter = CannedAdapter()
    client = RegionalClient(ServiceSettings(url="http://127.0.0.1:9", token="t"), adapter=adapter)
    return client, adapter


def request() -> TxnRequest:
    return TxnRequest(
        txn_id="0" * 32,
        kind=ActKind.RETURN,
        item_barcode="B1",
        occurred_at=dt.datetime(2026, 11, 23, tzinfo=dt.UTC),
    )


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    status=st.sampled_from([200, 201, 204, 400, 401, 403, 404, 408, 409, 422, 429, 500, 503]),
    body=st.one_of(
        json_values.map(lambda v: json.dumps(v).encode()),
        # Answers shaped like the real ones (known keys) with any values in them.
        st.dictionaries(st.sampled_from(KEYS), json_values, min_size=1, max_size=8).map(
            lambda v: json.dumps(v).encode()
        ),
        st.binary(max_size=40),
    ),
)
@example(status=200, body=b'{"results": 5}')
@example(status=200, body=b'{"results": "x"}')
@example(status=500, body=b"[1, 2]")
def test_any_answer_is_a_result_or_a_typed_error(status: int, body: bytes) -> None:
    client, adapter = client_answering()
    adapter.status, adapter.body = status, body
    calls = [
        client.health,
        lambda: client.lookup_patron(Credential("library_card", "L1")),
        lambda: client.item("B1"),
        lambda: client.submit(request()),
        lambda: client.submit_batch([request()]),
        lambda: client.void("0" * 32),
    ]
    try:
        for call in calls:
            try:
                call()
            except BackendError as exc:
                assert str(exc) or exc.code  # says something a technician can read
    finally:
        client.close()
