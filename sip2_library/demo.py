"""The demo's library system: the regional demo network over SIP2 on loopback (kiosk demo)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

from regional.seed import LIBRARIES

from .dp2_server import Dp2Account, Dp2Sip2Server
from .from_regional import CopiedNetwork, seed_from_regional
from .library import LibrarySystem, Policy
from .runner import ServerThread
from .seed import LOGIN_PASSWORD, LOGIN_USER


class DemoDialect(StrEnum):
    """Which of the two library systems serves the demo (the kiosk's dialect of the same name)."""

    STANDARD = "standard"
    DP2 = "dp2"


class DemoLibrarySystem:
    """A library system seeded from a regional data folder and its SIP2 server for the kiosk
    at ``institution``: ``start``/``stop`` as often as needed, as the regional service's."""

    def __init__(
        self,
        folder: Path,
        regional_data: Path,
        *,
        dialect: DemoDialect = DemoDialect.STANDARD,
        institution: str = "CQL",
    ) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        home = next(spec for spec in LIBRARIES if spec.id == institution)
        # The home library's rules; the library system has one set for every owner.
        policy = Policy(
            loan_days=home.loan_days,
            fine_limit_cents=home.fine_limit_cents,
            loan_limit=home.loan_limit,
        )
        self.dialect = dialect
        self.institution = institution
        self.login_user = LOGIN_USER
        self.login_password = LOGIN_PASSWORD
        path = folder / "library.db"
        path.unlink(missing_ok=True)
        self.library = LibrarySystem(path, policy)
        self.copied: CopiedNetwork = seed_from_regional(self.library, regional_data)
        self.server: ServerThread
        if dialect == DemoDialect.DP2:
            self.server = Dp2Sip2Server(
                self.library, accounts={LOGIN_USER: Dp2Account(LOGIN_PASSWORD, institution)}
            )
        else:
            # pysip2 (the dev extra, which `make demo` installs) is needed for this one only.
            try:
                from .standard_server import StandardSip2Server
            except ImportError as exc:
                self.library.close()
                raise RuntimeError(
                    f"the standard SIP2 server needs pysip2 ({exc}): install the dev extra "
                    "(pip install -e '.[dev]'), or use --dialect dp2"
                ) from exc

            self.server = StandardSip2Server(
                self.library, institution=institution, accounts={LOGIN_USER: LOGIN_PASSWORD}
            )

    @property
    def running(self) -> bool:
        return self.server.running

    @property
    def host(self) -> str:
        return self.server.host

    @property
    def port(self) -> int:
        return self.server.port

    def start(self) -> None:
        """Listen (on the same port after a stop) unless already listening."""
        if not self.server.running:
            self.server.start()

    def stop(self) -> None:
        """Close the listener and every connection: the kiosk finds the system gone."""
        self.server.stop()

    def close(self) -> None:
        self.server.stop()
        self.library.close()
