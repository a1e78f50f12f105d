"""Two served instances on one PostgreSQL database behind a real HAProxy (Debian's package),
configured by the shipped deploy/haproxy/haproxy.cfg with this test's ports."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import requests

from regional.served import free_port
from tests.e2e.regional_process import RegionalService
from tests.helpers import wait_until

SHIPPED = Path(__file__).resolve().parents[2] / "deploy" / "haproxy" / "haproxy.cfg"


def haproxy_binary() -> str | None:
    found = shutil.which("haproxy")  # root's PATH has /usr/sbin; a user's may not
    return found or ("/usr/sbin/haproxy" if Path("/usr/sbin/haproxy").exists() else None)


def render_config(front: int, backends: list[int]) -> str:
    """The shipped configuration with this test's ports; every other line as shipped."""
    text = SHIPPED.read_text()
    text = re.sub(r"bind 127\.0\.0\.1:\d+", f"bind 127.0.0.1:{front}", text)
    servers = [line for line in text.splitlines() if line.strip().startswith("server ")]
    assert len(servers) == len(backends), "the shipped file names one server per instance"
    for line, port in zip(servers, backends, strict=True):
        text = text.replace(line, re.sub(r":\d+ ", f":{port} ", line))
    return text


class LoadBalancer:
    """HAProxy in the foreground (-db), stopped by ``stop``."""

    def __init__(self, folder: Path, backends: list[int]) -> None:
        binary = haproxy_binary()
        assert binary is not None, "HAProxy is not installed (make test installs it as root)"
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.config = folder / "haproxy.cfg"
        self.config.write_text(render_config(self.port, backends))
        self.log = folder / "haproxy.log"
        with self.log.open("wb") as log:
            self.proc = subprocess.Popen(
                [binary, "-db", "-f", str(self.config)], stdout=log, stderr=subprocess.STDOUT
            )
        wait_until(self._ready, timeout=30, what="HAProxy to pass requests to an instance")

    def _ready(self) -> bool:
        assert self.proc.poll() is None, self.log.read_text()
        try:
            return requests.get(self.url + "/v1/health", timeout=1).status_code == 200
        except requests.RequestException:
            return False

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


class Region:
    """Two instances of the service on one PostgreSQL database, behind HAProxy."""

    def __init__(self, folder: Path, keys: Path, database_url: str) -> None:
        self.instances: list[RegionalService] = []
        ports = [free_port(), free_port()]
        for n, port in enumerate(ports, start=1):
            home = folder / f"instance{n}"
            home.mkdir(parents=True)
            shutil.copy(keys / "credential.key", home / "credential.key")
            self.instances.append(
                RegionalService(
                    home,
                    None,
                    database_url=database_url,
                    port=port,
                    # As deploy/systemd/kiosk-regional@.service runs them behind HAProxy.
                    serve_args=("--forwarded-allow-ips", "127.0.0.1"),
                )
            )
        self.db = self.instances[0]  # each looks into the same database
        self.token = self.instances[0].token
        for instance in self.instances:
            instance.start()
        self.balancer = LoadBalancer(folder, ports)
        self.url = self.balancer.url

    def close(self) -> None:
        self.balancer.stop()
        for instance in self.instances:
            instance.stop()
