"""Notices when the library system speaks another dialect than the one configured, and says so."""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.backend.sip2.codec import ChecksumRule, ChecksumState, Frame, checksum_state
from kiosk.backend.sip2.dialect import SIP18, ChecksumMode, Dialect, parse_date_as
from kiosk.backend.sip2.messages import DATE_FIELDS

DP2_DATES = "yyyy-MM-dd"


@dataclass
class _Tally:
    seen: int = 0
    standard_ok: int = 0
    dp2_ok: int = 0

    def add(self, standard: bool, dp2: bool) -> None:
        self.seen += 1
        self.standard_ok += standard
        self.dp2_ok += dp2


class DialectMismatchDetector:
    """Watches decoded replies; after ``after`` of them all point the same wrong way, returns
    one plain sentence for the technician page and the log (each sentence once)."""

    def __init__(self, dialect: Dialect, *, after: int = 3) -> None:
        self.dialect = dialect
        self.after = after
        self.findings: list[str] = []
        self._checksums = _Tally()
        self._dates = _Tally()
        self._sequences: set[int] = set()
        self._sequence_differs = 0

    @property
    def finding(self) -> str | None:
        """The first finding, if any."""
        return self.findings[0] if self.findings else None

    def observe(
        self, frame: Frame, *, encoding: str = "utf-8", sent_sequence: int | None = None
    ) -> str | None:
        """Take one reply into account; a new finding's sentence, else None."""
        if self.dialect.checksum_mode is not ChecksumMode.NONE:
            standard = checksum_state(frame.raw, ChecksumRule.STANDARD, encoding)
            if standard is not ChecksumState.ABSENT:
                # dp2's rule sums characters, so the bytes must be read in the right charset; a
                # kiosk set to another dialect may have the wrong one (dp2 answers in GBK
                # before login): try the likely ones.
                dp2 = any(
                    checksum_state(frame.raw, ChecksumRule.DP2, charset) is ChecksumState.OK
                    for charset in dict.fromkeys((encoding, "gb18030", "utf-8"))
                )
                self._checksums.add(standard is ChecksumState.OK, dp2)
        for fid in DATE_FIELDS:
            for value in frame.all(fid):
                if value.strip():
                    # standard_ok: reads in the configured format; dp2_ok: in the other one.
                    own = self.dialect.parse_date(value) is not None
                    other = self._other_date_format()
                    text = value if other == SIP18 else value.strip()
                    self._dates.add(own, parse_date_as(text, other) is not None)
        if frame.sequence is not None and sent_sequence is not None:
            self._sequences.add(frame.sequence)
            self._sequence_differs += frame.sequence != sent_sequence
        return self._judge()

    def _judge(self) -> str | None:
        for sentence in (self._checksum_finding(), self._date_finding(), self._sequence_finding()):
            if sentence and sentence not in self.findings:
                self.findings.append(sentence)
                return sentence
        return None

    def _checksum_finding(self) -> str | None:
        tally = self._checksums
        if tally.seen < self.after:
            return None
        own_ok = (
            tally.dp2_ok if self.dialect.checksum_rule is ChecksumRule.DP2 else tally.standard_ok
        )
        if own_ok:
            return None
        if self.dialect.checksum_rule is ChecksumRule.STANDARD and tally.dp2_ok == tally.seen:
            return "checksum mismatch on every reply — is this a dp2 server? set dialect = dp2"
        if self.dialect.checksum_rule is ChecksumRule.DP2 and tally.standard_ok == tally.seen:
            return (
                "checksum mismatch on every reply under dp2's rule, but each verifies under the "
                "standard's — is this a standard SIP2 server? set dialect = standard"
            )
        return (
            "checksum mismatch on every reply under both the standard and dp2 rules — check the "
            f"character set (now {self.dialect.encoding_after_login.value} after login) or set "
            "checksum_mode = none"
        )

    def _other_date_format(self) -> str:
        return DP2_DATES if self.dialect.date_format == SIP18 else SIP18

    def _date_finding(self) -> str | None:
        tally = self._dates
        if tally.seen < self.after or tally.standard_ok or tally.dp2_ok != tally.seen:
            return None
        if self.dialect.date_format == SIP18:
            return (
                "dates in replies are yyyy-MM-dd, not SIP2's 18-character dates — is this a dp2 "
                'server? set dialect = dp2 (or date_format = "yyyy-MM-dd")'
            )
        return (
            f"dates in replies are SIP2's 18-character dates, not {self.dialect.date_format} — "
            'is this a standard SIP2 server? set dialect = standard (or date_format = "sip18")'
        )

    def _sequence_finding(self) -> str | None:
        if self.dialect.fixed_reply_sequence is not None or self.dialect.checksum_mode is (
            ChecksumMode.NONE
        ):
            return None
        if self._sequence_differs >= self.after and len(self._sequences) == 1:
            (value,) = self._sequences
            return (
                f"every reply carries sequence number {value} whatever the request's — is this "
                "a dp2 server? set dialect = dp2 (or fixed_reply_sequence = "
                f"{value})"
            )
        return None
