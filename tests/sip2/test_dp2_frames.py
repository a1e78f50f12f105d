"""Frames as dp2 writes them: its checksum rule, sequence 4, yyyy-MM-dd dates, Chinese text.

Sources (public): DigitalPlatform/dp-library, UnitTestSIP/TestMessage.cs (Test_12, Test_30_2,
Test_parse_patronInfoResponse: replies of dp2's SIP server, checksums as dp2 computed them), and
DigitalPlatform/chord, dp2Capo/SipProcessor.cs (AddChecksumForMessage / GetChecksum; the 82 reply
built in DoSetReaderInfo)."""

from __future__ import annotations

import datetime as dt

import pytest

from kiosk.backend.sip2.codec import (
    ChecksumRule,
    ChecksumState,
    checksum_state,
    decode,
    dp2_checksum,
    encode,
)
from kiosk.backend.sip2.dialect import dialect
from kiosk.backend.sip2.messages import MessageCode
from kiosk.backend.sip2.mismatch import DialectMismatchDetector

# dp-library UnitTestSIP/TestMessage.cs, Test_12.
CHECKOUT_12 = (
    "121NNY20170630    141540AOdp2Library|AAL905071|AB549096|AJ川味家常菜|AH2017-10-28|"
    "AF图书【川味家常菜】借阅成功！应还日期：2017-10-28|"
    "AG读者【L905071】借书 川味家常菜【川味家常菜】成功，应还日期：2017-10-28|AY4AZF331"
)
# Test_30_2.
RENEW_30 = (
    "301YNN20170630    154932AOdp2Library|AAL905071|AB510104|AJ奔放西班牙餐|AH2017-08-29|"
    "AF图书【奔放西班牙餐】续借处理成功，应还日期：2017-08-29|"
    "AG读者【L905071】续借处理成功，应还日期：2017-08-29|AY4AZD173"
)
# Test_parse_patronInfoResponse.
PATRON_64 = (
    "64              01920200810    224914000000000002000000000000AOdp2Library|AAR0000001|"
    "AE张三|BZ0008|CB10|BLY|CQN|AF您在本馆最多可借【10】册，还可以再借【8】册。|"
    "AG您在本馆最多可借【10】册，还可以再借【8】册。|AU0000001|AUT0000131|AY4AZ2A96"
)
DP2_REPLIES = [CHECKOUT_12, RENEW_30, PATRON_64]


@pytest.mark.parametrize("text", DP2_REPLIES)
@pytest.mark.parametrize("encoding", ["gbk", "utf-8", "gb18030"])
def test_dp2_replies_verify_under_dp2s_rule_only(text: str, encoding: str) -> None:
    raw = text.encode(encoding)
    # dp2 sums the characters before "|AY4AZ", so the charset on the wire does not matter to it.
    assert checksum_state(raw, ChecksumRule.DP2, encoding) is ChecksumState.OK
    assert checksum_state(raw, ChecksumRule.STANDARD, encoding) is ChecksumState.BAD


def test_a_dp2_checkout_reply_decodes() -> None:
    frame = decode(CHECKOUT_12.encode("gbk") + b"\n", encoding="gbk", rule=ChecksumRule.DP2)
    assert frame.code is MessageCode.CHECKOUT_RESPONSE
    assert frame.checksum is ChecksumState.OK
    assert frame.sequence == 4
    assert frame.fixed == {
        "ok": "1",
        "renewal_ok": "N",
        "magnetic_media": "N",
        "desensitize": "Y",
        "transaction_date": "20170630    141540",
    }
    assert frame.first("AJ") == "川味家常菜"
    assert dialect("dp2").parse_date(frame.first("AH")) == dt.datetime(2017, 10, 28)


def test_a_dp2_patron_information_reply_lists_charged_items() -> None:
    frame = decode(PATRON_64.encode("utf-8"), rule=ChecksumRule.DP2)
    assert frame.fixed["charged_items_count"] == "0002"
    assert frame.all("AU") == ["0000001", "T0000131"]
    assert frame.first("AE") == "张三"


def test_the_dp2_rule_written_the_way_dp2_writes_it() -> None:
    # AddChecksumForMessage: message + "|AY4AZ" + GetChecksum(message) + the request's
    # terminator; rebuilding Test_12's frame that way gives its published checksum.
    body = CHECKOUT_12.removesuffix("|AY4AZF331")
    assert dp2_checksum(body) == "F331"
    # dp2's registration reply as DoSetReaderInfo builds it (no trailing '|').
    reply = "8220240102    030405AOdp2Library|AAP001|XD|OK1|XK11|AF办证成功|AG办证成功"
    raw = (reply + "|AY4AZ" + dp2_checksum(reply) + "\r").encode("utf-8")
    frame = decode(raw, rule=ChecksumRule.DP2)
    assert frame.code is MessageCode.DP2_SET_PATRON_RESPONSE
    assert frame.checksum is ChecksumState.OK
    assert frame.first("OK") == "1"
    assert frame.first("XK") == "11"


def test_a_detector_set_to_standard_points_at_dp2() -> None:
    detector = DialectMismatchDetector(dialect("standard"))
    findings = [detector.observe(decode(t.encode("utf-8")), sent_sequence=1) for t in DP2_REPLIES]
    assert findings[-1] == (
        "checksum mismatch on every reply — is this a dp2 server? set dialect = dp2"
    )
    assert detector.findings[0] == findings[-1]


def test_a_detector_set_to_dp2_is_quiet_on_dp2_replies() -> None:
    detector = DialectMismatchDetector(dialect("dp2"))
    for text in DP2_REPLIES * 2:
        frame = decode(text.encode("utf-8"), rule=ChecksumRule.DP2)
        assert detector.observe(frame, sent_sequence=4) is None
    assert detector.finding is None


def test_kiosk_requests_in_the_dp2_dialect() -> None:
    d = dialect("dp2")
    raw = encode(
        MessageCode.CHECKOUT,
        {
            "sc_renewal_policy": "Y",
            "no_block": "N",
            "transaction_date": "20240102    030405",
            "nb_due_date": " " * 18,
        },
        {
            "AO": "dp2Library",
            "AA": d.patron_identifier("51010219900101123x"),
            "AB": d.item_identifier("549096", "CN-0001"),
        },
        sequence=2,
        encoding=d.encoding_before_login.value,
    )
    frame = decode(raw, encoding="gbk")
    assert frame.first("AB") == "CN-0001.549096"
    assert frame.first("AA") == "51010219900101123X"
