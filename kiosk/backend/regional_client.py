"""HTTP client of the regional borrowing service (REGIONAL_API.md), behind CirculationBackend."""

from __future__ import annotations

import datetime as dt
import logging
import time
from typing import Any
from urllib.parse import urljoin, urlsplit

import requests
import urllib3
from requests.adapters import BaseAdapter, HTTPAdapter
from urllib3.util.retry import Retry

from kiosk import __version__
from kiosk.backend import parse
from kiosk.backend.errors import (
    OutcomeUnknown,
    ProtocolViolation,
    ServiceMisconfigured,
    ServiceRefused,
    ServiceUnreachable,
)
from kiosk.backend.port import TxnRequest
from kiosk.backend.settings import ServiceSettings
from kiosk.backend.types import Health, Item, Patron, TxnOutcome
from kiosk.domain import Credential

log = logging.getLogger(__name__)

_NOT_SENT = (
    urllib3.exceptions.NewConnectionError,
    urllib3.exceptions.ConnectTimeoutError,
    urllib3.exceptions.NameResolutionError,
)


class RegionalClient:
    """One ``requests.Session``; timeouts on every call; TLS verified; typed errors only."""

    def __init__(
        self, settings: ServiceSettings, clock: Any = None, *, adapter: BaseAdapter | None = None
    ) -> None:
        """``adapter``: what carries the requests, in place of the retrying HTTP one (a test's
        canned answers)."""
        self.settings = settings
        self._base = settings.url.rstrip("/")
        self._clock = clock or (lambda: dt.datetime.now(dt.UTC))
        self._timeout = (settings.connect_timeout_ms / 1000, settings.read_timeout_ms / 1000)
        session = requests.Session()
        session.headers.update(
            {
                "Authorization": f"Bearer {settings.token}",
                "User-Agent": f"library-kiosk/{__version__}",
                "Accept": "application/json, application/problem+json",
            }
        )
        # Passed with every request, not only set on the session: requests lets
        # REQUESTS_CA_BUNDLE / CURL_CA_BUNDLE replace a session-level verify, and the configured
        # CA must win. With no ca_file, verify=True still lets those variables pick the bundle.
        # trust_env stays on so that a proxy set in the environment is still used.
        self._verify: str | bool = settings.ca_file or True
        session.verify = self._verify
        # Only a connection that was never made is retried here (nothing was sent); repeating a
        # sent request is the sync worker's job, with the same txn_id.
        retry = Retry(
            total=1,
            connect=1,
            read=0,
            status=0,
            other=0,
            backoff_factor=0.05,
            allowed_methods=frozenset({"GET"}),
            raise_on_status=False,
        )
        adapter = adapter or HTTPAdapter(max_retries=retry, pool_maxsize=4)
        session.mount("http://", adapter)
        session.mount("https://", adapter)
        self._session = session

    def close(self) -> None:
        self._session.close()

    # ---- the port -----------------------------------------------------------------------
    def health(self) -> Health:
        started = time.monotonic()
        body = self._call("GET", "/v1/health", auth=False)
        return parse.health(body, time.monotonic() - started)

    def lookup_patron(self, credential: Credential, pin: str | None = None) -> Patron:
        payload: dict[str, Any] = {
            "credential": {"kind": credential.kind, "value": credential.value},
            "pin": pin,
        }
        if credential.kind == "id_card" and credential.name:
            payload["id_card"] = {
                "name": credential.name,
                "valid_to": credential.valid_to.isoformat() if credential.valid_to else None,
            }
        return parse.patron(self._call("POST", "/v1/patrons/lookup", payload, effect=False))

    def item(self, barcode: str) -> Item:
        return parse.item(self._call("GET", f"/v1/items/{barcode}"))

    def submit(self, request: TxnRequest) -> TxnOutcome:
        return parse.outcome(self._call("POST", "/v1/transactions", _txn_json(request)))

    def submit_batch(self, requests_: list[TxnRequest]) -> list[TxnOutcome]:
        body = self._call(
            "POST", "/v1/transactions/batch", {"transactions": [_txn_json(r) for r in requests_]}
        )
        results = body.get("results") if isinstance(body, dict) else None
        if not isinstance(results, list):
            raise ProtocolViolation("batch answer without a list of results")
        if len(results) != len(requests_):
            raise ProtocolViolation("batch answer has the wrong number of results")
        return [parse.outcome(r) for r in results]

    def void(self, txn_id: str, act: TxnRequest | None = None) -> TxnOutcome:
        """The service knows each act by ``txn_id``: ``act`` is not needed."""
        return parse.outcome(self._call("DELETE", f"/v1/transactions/{txn_id}"))

    def end_session(self, session_id: str) -> None:
        """End a patron session. One already over (expired, ended by a lost earlier answer) is
        what was wanted: the service's 404 is no error here."""
        try:
            self._call("DELETE", f"/v1/sessions/{session_id}", effect=False)
        except ServiceRefused as exc:
            if exc.code != "session_not_found" or isinstance(exc, ServiceMisconfigured):
                raise

    def heartbeat(self, kiosk_id: str, body: dict[str, Any]) -> dict[str, Any]:
        """Send this kiosk's heartbeat (docs/HEALTH.md); the answer holds the service's time.
        Not an act: a lost one changes nothing and the next one says it all again."""
        answer = self._call("POST", f"/v1/kiosks/{kiosk_id}/heartbeat", body, effect=False)
        if not isinstance(answer, dict):
            raise ProtocolViolation("heartbeat answer is not an object")
        return answer

    # ---- HTTP ---------------------------------------------------------------------------
    def _call(
        self,
        method: str,
        path: str,
        payload: Any = None,
        *,
        auth: bool = True,
        effect: bool | None = None,
    ) -> Any:
        """One request. ``effect``: whether an unanswered request may have changed something
        (default: every method but GET)."""
        has_effect = method != "GET" if effect is None else effect
        headers = {"X-Kiosk-Clock": self._clock().isoformat()}
        if not auth:
            headers["Authorization"] = ""
        try:
            # No redirects: one would re-send the patron's credential wherever it points,
            # plain http included. A redirect answer is a misconfigured URL (below).
            response = self._session.request(
                method,
                self._base + path,
                json=payload,
                headers=headers,
                timeout=self._timeout,
                verify=self._verify,
                allow_redirects=False,
            )
        except requests.exceptions.SSLError as exc:
            raise ServiceUnreachable(f"TLS failed: {exc}", code="tls_failed") from exc
        except requests.exceptions.ConnectTimeout as exc:
            raise ServiceUnreachable("connect timed out") from exc
        except requests.exceptions.ConnectionError as exc:
            reason = exc.args[0].reason if exc.args and hasattr(exc.args[0], "reason") else None
            if isinstance(reason, _NOT_SENT) or not has_effect:
                raise ServiceUnreachable(type(reason or exc).__name__) from exc
            raise OutcomeUnknown(f"connection lost: {type(reason or exc).__name__}") from exc
        except requests.exceptions.Timeout as exc:
            if not has_effect:
                raise ServiceUnreachable("no answer in time") from exc
            raise OutcomeUnknown("no answer in time") from exc
        except requests.exceptions.RequestException as exc:
            raise ServiceUnreachable(type(exc).__name__) from exc
        except OSError as exc:
            # requests raises a bare OSError for a CA file that vanished after start-up; nothing
            # was sent, and the sync thread must live on to report it.
            raise ServiceUnreachable(f"TLS setup failed: {exc}", code="tls_failed") from exc
        return self._answer(response, has_effect)

    def _answer(self, response: requests.Response, has_effect: bool) -> Any:
        status = response.status_code
        if status == 204:
            return None
        if 200 <= status < 300:
            try:
                return response.json()
            except ValueError as exc:
                if has_effect:
                    raise OutcomeUnknown("unreadable answer") from exc
                raise ProtocolViolation("unreadable answer") from exc
        if 300 <= status < 400:
            # Followed, it could take the credential to another host or to plain http.
            where = _origin(response.url, response.headers.get("Location", ""))
            log.error("service answered %s redirecting to %s: fix service.url", status, where)
            raise ServiceMisconfigured(
                f"the service answered {status} redirecting to {where}; redirects are not "
                "followed: set service.url to the address the service really answers on",
                "redirected",
                status,
            )
        problem = _problem(response)
        code = str(problem.get("code") or f"http_{status}")
        detail = str(problem.get("detail") or problem.get("title") or response.reason)
        if status >= 500 or status in (408, 429):
            log.warning("service answered %s (%s)", status, code)
            if has_effect:
                raise OutcomeUnknown(f"service error {status}: {code}")
            raise ServiceUnreachable(f"service error {status}: {code}")
        if status in (401, 403) and code in ("unauthorized", "forbidden", f"http_{status}"):
            raise ServiceMisconfigured(detail, code, status)
        raise ServiceRefused(detail, code, status)


def _origin(request_url: str, location: str) -> str:
    """Scheme, host and port of a redirect target: what the technician needs, and nothing of
    its path or query, which might echo what was sent."""
    try:
        parts = urlsplit(urljoin(request_url, location))
        port = f":{parts.port}" if parts.port else ""
    except ValueError:
        return "(unusable Location)"
    if not location or not parts.hostname:
        return "(no usable Location)"
    return f"{parts.scheme}://{parts.hostname}{port}"


def _problem(response: requests.Response) -> dict[str, Any]:
    try:
        body = response.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


def _txn_json(request: TxnRequest) -> dict[str, Any]:
    body: dict[str, Any] = {
        "txn_id": request.txn_id,
        "kind": str(request.kind),
        "item_barcode": request.item_barcode,
        "occurred_at": request.occurred_at.isoformat(),
        "offline": request.offline,
    }
    if request.offline and request.credential is not None:
        # Offline the patron is named by the card the kiosk read (trust rules).
        body["credential"] = {"kind": request.credential.kind, "value": request.credential.value}
        if request.credential.kind == "id_card" and request.credential.name:
            valid_to = request.credential.valid_to
            body["id_card"] = {
                "name": request.credential.name,
                "valid_to": valid_to.isoformat() if valid_to else None,
            }
    elif request.session is not None:
        body["session"] = request.session
    return body
