"""What every request handler needs: the database, the credential key, the clock, the policy."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from regional.auth import TokenCache
from regional.db.session import Database
from regional.services.credentials import CredentialHasher
from regional.services.fleet import FleetSettings


@dataclass(frozen=True)
class Runtime:
    db: Database
    hasher: CredentialHasher
    clock: Callable[[], dt.datetime]
    tokens: TokenCache = field(default_factory=TokenCache)
    # Patron lookups one kiosk may make per minute (trust rules: no enumerating cards or PINs).
    lookups_per_minute: int = 120
    # First-time card holders one kiosk may register per hour.
    registrations_per_hour: int = 60
    # When a kiosk counts as offline or degraded, and how long its heartbeats are kept.
    fleet: FleetSettings = field(default_factory=FleetSettings)
