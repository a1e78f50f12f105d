"""Settings of the circulation core: who this kiosk is, offline policy, journal, sync, session."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, field_validator

COUNTDOWN_MIN_S = 20  # WCAG 2.2.1: a patron gets at least 20 s to ask for more time
# The summary of three books read slowly, in the wordier language, plus 5 s to find the card:
# 85 Chinese characters at 128 a minute, 44.8 s (English: 51 words at 114 a minute, 31.8 s);
# tests/ui/test_patron_time.py measures it on the rendered screen.
SUMMARY_DEFAULT_S = 50
SUMMARY_MIN_S = 20


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class KioskIdentity(_Section):
    id: str = Field("KIOSK-1", min_length=1, max_length=40, description="This machine's id.")
    library: str = Field(
        "CQL", pattern=r"^[A-Z][A-Z0-9]{1,7}$", description="Id of the library it stands in."
    )


class OfflinePolicy(_Section):
    """What the kiosk may do while the service cannot be reached."""

    borrow_allowed: bool = Field(
        True, description="Lend offline at all (only to a chip-read resident ID card)."
    )
    max_items_per_patron: int = Field(
        3,
        ge=0,
        le=50,
        description="Most items one patron may borrow in one offline episode (until the "
        "service has heard of them); the library's offline item limit in the service.",
    )
    loan_days: int = Field(14, ge=1, le=120, description="Due date of an offline loan, in days.")


class JournalSettings(_Section):
    path: str = Field("", description="Journal file; empty: journal.db in the kiosk's data folder.")
    purge_after_days: int = Field(
        90, ge=1, le=3650, description="Days a settled row is kept before it is deleted."
    )


class SyncSettings(_Section):
    batch_size: int = Field(100, ge=1, le=500, description="Acts sent per batch request.")
    backoff_initial_ms: int = Field(
        500, ge=10, le=60_000, description="First wait after a failed replay, in ms."
    )
    backoff_max_ms: int = Field(
        30_000, ge=10, le=600_000, description="Longest wait between replays, in ms."
    )
    probe_interval_ms: int = Field(
        5_000, ge=50, le=600_000, description="Health probe interval while offline, in ms."
    )
    health_interval_ms: int = Field(
        30_000,
        ge=50,
        le=3_600_000,
        description="Health check interval while online with nothing to send, in ms (and "
        "once at start), so the screen never says online when the service is gone.",
    )


class HeartbeatSettings(_Section):
    """The kiosk's heartbeat to the regional service (docs/HEALTH.md)."""

    enabled: bool = Field(True, description="Send heartbeats at all.")
    url: str = Field(
        "",
        description="Base URL to send them to; empty: the regional service's ([service] url). "
        "Over SIP2 there is no regional service: empty there means no heartbeat.",
    )
    token: str = Field("", description="Bearer token for that URL; empty: [service] token.")
    interval_s: float = Field(
        60, ge=5, le=3600, description="Seconds between heartbeats (and one at once on a change)."
    )
    stats_days: int = Field(
        14, ge=1, le=90, description="Days of hourly counts sent again after a restart."
    )


class SessionSettings(_Section):
    """Patron timings. The floors are for the patron (WCAG 2.2.1: at least 20 s to answer a
    time limit); test rigs shorten them with ``model_copy(update=...)``, which pydantic does
    not validate, while a configuration file cannot."""

    idle_timeout_s: float = Field(
        60, ge=1, le=3600, description="Idle time before the 'are you still there?' warning, s."
    )
    countdown_s: float = Field(
        COUNTDOWN_MIN_S,
        ge=COUNTDOWN_MIN_S,
        le=300,
        description="Countdown of that warning before the session ends, s (at least 20).",
    )
    summary_s: float = Field(
        SUMMARY_DEFAULT_S,
        ge=SUMMARY_MIN_S,
        le=300,
        description="How long the summary stays before home shows, s (a Done button ends it "
        "sooner); long enough to read three titles and their dates slowly.",
    )
    renew_all_within_days: int = Field(
        7,
        ge=0,
        le=365,
        description="'Renew all' renews only loans overdue or due within this many days "
        "(the service does not say the library's renewal window), days.",
    )
    card_reminder_s: float = Field(
        5,
        ge=1,
        le=120,
        description="While an ID card is left on the reader after its patron is done, the "
        "attention sound repeats this often, s.",
    )


class TechnicianSettings(_Section):
    """Technician mode: reached by a long press on the home screen's corner and a PIN."""

    pin_hash: str = Field(
        "",
        description="Salted scrypt hash of the PIN, set with `kiosk config set-pin`; "
        "empty: technician mode cannot be entered.",
    )
    max_attempts: int = Field(5, ge=1, le=20, description="Wrong PINs in a row before lockout.")
    lockout_s: float = Field(300, ge=1, le=86_400, description="Lockout after them, in seconds.")
    idle_timeout_s: float = Field(
        120, ge=10, le=3600, description="Technician mode leaves by itself after this idle time, s."
    )
    long_press_s: float = Field(
        3, ge=1, le=10, description="How long the hidden spot must be held to ask for the PIN, s."
    )

    @field_validator("pin_hash")
    @classmethod
    def _hash_only(cls, value: str) -> str:
        from patron_identity.pins import is_pin_hash

        if value and not is_pin_hash(value):
            raise ValueError("must be a PIN hash made by `kiosk config set-pin`, never a PIN")
        return value
