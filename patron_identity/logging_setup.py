"""Logging set up once per process (kiosk or service), with ID numbers scrubbed from every line."""

from __future__ import annotations

import logging
import logging.handlers
import sys
from pathlib import Path

from patron_identity.masking import scrub

FORMAT = "%(asctime)s %(levelname)s %(threadName)s %(name)s: %(message)s"
_HANDLER_TAG = "_kiosk_handler"


class ScrubbingFormatter(logging.Formatter):
    """Formats as usual, then masks anything shaped like an ID number (defence in depth:
    call sites mask patron data themselves with ``patron_identity.masking``)."""

    def format(self, record: logging.LogRecord) -> str:
        return scrub(super().format(record))


def setup_logging(level: str = "INFO", file: str | Path | None = None) -> logging.Handler:
    """Install the process's one log handler on the root logger; calling again replaces it."""
    root = logging.getLogger()
    for old in list(root.handlers):
        if getattr(old, _HANDLER_TAG, False):
            root.removeHandler(old)
            old.close()
    handler: logging.Handler = logging.StreamHandler(sys.stderr)
    problem = None
    if file:
        try:
            Path(file).parent.mkdir(parents=True, exist_ok=True)
            handler = logging.handlers.RotatingFileHandler(
                file, maxBytes=5_000_000, backupCount=5, encoding="utf-8"
            )
        except OSError as exc:
            # A log file the kiosk cannot write must not keep the kiosk from starting.
            problem = f"cannot write the log file {file} ({exc.strerror or exc}); "
            problem += "logging to standard error instead: fix [logging] file"
    handler.setFormatter(ScrubbingFormatter(FORMAT))
    setattr(handler, _HANDLER_TAG, True)
    root.addHandler(handler)
    root.setLevel(level)
    # Alembic says which migration plugins it set up at every start: noise, not news.
    logging.getLogger("alembic").setLevel(max(logging.WARNING, root.level))
    if problem:
        logging.getLogger(__name__).error(problem)
    return handler
