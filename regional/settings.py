"""Where the service keeps its files by default, and the credential key it hashes cards with."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import platformdirs

APP_NAME = "kiosk-regional"
KEY_ENV = "KIOSK_REGIONAL_CREDENTIAL_KEY"
KEY_FILE = "credential.key"
METRICS_TOKEN_ENV = "KIOSK_REGIONAL_METRICS_TOKEN"
DEFAULT_PORT = 8600
MAX_BODY_BYTES = 1024 * 1024


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def default_database_url(data_dir: Path) -> str:
    return f"sqlite:///{data_dir / 'regional.db'}"


def load_credential_key(data_dir: Path) -> bytes:
    """The key from ${KIOSK_REGIONAL_CREDENTIAL_KEY} (hex), else from the data directory,
    made there on first use. Several instances sharing one PostgreSQL must share the key."""
    from_env = os.environ.get(KEY_ENV)
    if from_env:
        return bytes.fromhex(from_env.strip())
    path = data_dir / KEY_FILE
    if not path.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as out:
            out.write(secrets.token_hex(32) + "\n")
    return bytes.fromhex(path.read_text().strip())


def load_metrics_token() -> str | None:
    """The bearer token a scrape of /metrics must carry, from ${KIOSK_REGIONAL_METRICS_TOKEN};
    None (the scrape is open, as Prometheus expects by default) when unset or blank."""
    return os.environ.get(METRICS_TOKEN_ENV, "").strip() or None
