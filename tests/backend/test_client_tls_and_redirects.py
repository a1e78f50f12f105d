"""The client trusts only the configured CA, follows no redirect, and only loopback may be http."""

from __future__ import annotations

import http.server
import shutil
import socket
import ssl
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.backend.errors import ServiceMisconfigured, ServiceUnreachable
from kiosk.backend.regional_client import RegionalClient
from kiosk.backend.settings import ServiceSettings
from kiosk.domain import Credential
from tests.backend.test_client_errors import BORROW, RawServer, respond
from tests.http_stub import JsonAnswer


def _self_signed(folder: Path, name: str) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 (its own CA) and its key."""
    cert, key = folder / f"{name}.pem", folder / f"{name}.key"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-subj",
            f"/CN={name}",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    return cert, key


class _Health(JsonAnswer):
    body = b'{"status": "ok", "version": "tls-test"}'


class TlsServer:
    """An https health endpoint on loopback with the given certificate."""

    def __init__(self, cert: Path, key: Path) -> None:
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Health)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert, key)
        self.httpd.socket = context.wrap_socket(self.httpd.socket, server_side=True)
        self.url = f"https://127.0.0.1:{self.httpd.server_address[1]}"
        self._thread = threading.Thread(target=self.httpd.serve_forever, name="tls-health")
        self._thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self._thread.join(5)
        self.httpd.server_close()


@pytest.fixture(scope="module")
def certs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path]]:
    if shutil.which("openssl") is None:
        pytest.skip("the openssl command is needed to make test certificates")
    folder = tmp_path_factory.mktemp("certs")
    return {name: _self_signed(folder, name) for name in ("service", "other")}


@pytest.fixture
def tls_server(certs: dict[str, tuple[Path, Path]]) -> Iterator[TlsServer]:
    server = TlsServer(*certs["service"])
    yield server
    server.close()


@pytest.mark.parametrize("variable", ["REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"])
def test_configured_ca_wins_over_the_environment(
    tls_server: TlsServer,
    certs: dict[str, tuple[Path, Path]],
    monkeypatch: pytest.MonkeyPatch,
    variable: str,
) -> None:
    monkeypatch.delenv("REQUESTS_CA_BUNDLE", raising=False)
    monkeypatch.delenv("CURL_CA_BUNDLE", raising=False)
    monkeypatch.setenv(variable, str(certs["other"][0]))
    service_ca = str(certs["service"][0])
    client = RegionalClient(ServiceSettings(url=tls_server.url, ca_file=service_ca))
    try:
        assert client.health().version == "tls-test"
    finally:
        client.close()
    # The variable is in force: without a configured CA it decides, and it trusts another CA.
    unconfigured = RegionalClient(ServiceSettings(url=tls_server.url))
    try:
        with pytest.raises(ServiceUnreachable) as info:
            unconfigured.health()
        assert info.value.code == "tls_failed"
    finally:
        unconfigured.close()


def test_another_ca_is_refused(tls_server: TlsServer, certs: dict[str, tuple[Path, Path]]) -> None:
    client = RegionalClient(ServiceSettings(url=tls_server.url, ca_file=str(certs["other"][0])))
    try:
        with pytest.raises(ServiceUnreachable) as info:
            client.health()
        assert info.value.code == "tls_failed"
    finally:
        client.close()


def test_ca_file_removed_after_start_is_a_typed_error(
    tls_server: TlsServer,
    certs: dict[str, tuple[Path, Path]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Else a bundle named in the environment (set on many machines) could be what fails.
    monkeypatch.delenv("REQUESTS_CA_BUNDLE", raising=False)
    monkeypatch.delenv("CURL_CA_BUNDLE", raising=False)
    ca = tmp_path / "ca.pem"
    ca.write_bytes(certs["service"][0].read_bytes())
    client = RegionalClient(ServiceSettings(url=tls_server.url, ca_file=str(ca)))
    ca.unlink()
    try:
        with pytest.raises(ServiceUnreachable) as info:  # not a bare OSError killing the caller
            client.health()
        assert info.value.code == "tls_failed"
    finally:
        client.close()


def test_missing_ca_file_is_refused_by_the_settings(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="no such file"):
        ServiceSettings(url="https://regional.example.org", ca_file=str(tmp_path / "nope.pem"))
    assert ServiceSettings(url="https://regional.example.org", ca_file="").ca_file is None


def _redirect(status: str, location: str) -> RawServer:
    def behaviour(conn: socket.socket) -> None:
        conn.sendall(
            f"HTTP/1.1 {status}\r\nLocation: {location}\r\nContent-Length: 0\r\n"
            "Connection: close\r\n\r\n".encode()
        )
        conn.close()

    return RawServer(behaviour)


@pytest.mark.parametrize(
    "status", ["307 Temporary Redirect", "308 Permanent Redirect", "302 Found"]
)
def test_redirect_is_never_followed(status: str) -> None:
    target = RawServer(respond("200 OK", b'{"patron_id": "P-1"}'))
    origin = _redirect(status, f"http://127.0.0.1:{target.port}/v1/patrons/lookup?x=1")
    client = RegionalClient(ServiceSettings(url=f"http://127.0.0.1:{origin.port}", token="t"))
    try:
        with pytest.raises(ServiceMisconfigured) as info:
            client.lookup_patron(Credential("library_card", "0012345678"), pin="1234")
        with pytest.raises(ServiceMisconfigured):
            client.submit(BORROW)
    finally:
        client.close()
        origin.close()
        target.close()
    assert info.value.code == "redirected" and info.value.status == int(status[:3])
    # It says where it was sent, without the path or query.
    assert f"http://127.0.0.1:{target.port}" in info.value.detail
    assert "lookup" not in info.value.detail
    assert len(origin.requests) == 2
    assert target.requests == []  # the credential went nowhere else


@pytest.mark.parametrize(
    "url",
    [
        "http://127.evil.example/",
        "http://127.0.0.1.evil.example/",
        "http://localhost.evil.example/",
        "http://[::2]/",
        "http://0.0.0.0/",
    ],
)
def test_plain_http_only_to_a_loopback_address(url: str) -> None:
    with pytest.raises(ValueError, match="plain http"):
        ServiceSettings(url=url)


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:8600", "http://127.8.9.10/", "http://[::1]:8600", "http://LOCALHOST/"]
)
def test_plain_http_to_loopback_is_allowed(url: str) -> None:
    assert ServiceSettings(url=url).url == url
