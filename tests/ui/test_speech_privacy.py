"""Accessibility mode never says who the patron is: a borrowing session with a demo ID card, a
library card and its PIN, and a return, through the whole kiosk with speech on; everything the
speech output was asked to say (the prompts' texts in both languages and the words that vary)
holds no name, ID or card number, or PIN."""

from __future__ import annotations

import tomllib

from PySide6.QtCore import Qt

from drivers.idcard.demo_cards import ZHANG_SAN
from kiosk.core.session import Screen
from kiosk.core.speech_script import DIGIT_ENTERED, Prompt, Say, Spoken
from kiosk.demo_env import DEMO_LIBRARY_CARDS
from kiosk.ui.paths import PROMPTS
from patron_identity.masking import mask_name
from tests.ui.full_kiosk import FullKiosk
from tests.ui.test_sound import need_aplay

CQL_BOOK, CDL_BOOK = "35001000000031", "35101000000021"  # 白鹿原, 三体Ⅱ·黑暗森林


def words(says: list[tuple[Say, ...]]) -> list[str]:
    """Every text behind what was said: a prompt's row in both languages, or the text itself."""
    with (PROMPTS / "prompts.toml").open("rb") as f:
        table = tomllib.load(f)
    out = []
    for utterance in says:
        for part in utterance:
            if isinstance(part, Prompt):
                out += [table[part.key]["zh_CN"], table[part.key]["en"]]
            else:
                out.append(part.text)
    return out


def click(kiosk: FullKiosk, name: str) -> None:
    button = kiosk.widget(name)
    kiosk.until(lambda: button.isVisible() and button.isEnabled())
    kiosk.qtbot.mouseClick(button, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]


def settled(kiosk: FullKiosk, n: int) -> bool:
    rows = kiosk.view.rows
    return len(rows) >= n and not any(r.pending for r in rows)


def test_speech_never_says_who_the_patron_is(full_kiosk: FullKiosk) -> None:
    need_aplay()
    k = full_kiosk
    speech = k.window.speech
    speech.use_device("null")
    said: list[tuple[Say, ...]] = []
    speech.said.connect(said.append)
    speech.set_enabled(True)

    k.sim(f"card {ZHANG_SAN.id_number}")
    k.until(lambda: k.view.screen == Screen.SESSION)
    k.sim(f"scan {CQL_BOOK}")
    k.sim(f"scan {CDL_BOOK}")
    k.until(lambda: settled(k, 2))
    click(k, "session.finish")
    k.until(lambda: k.view.screen == Screen.HOME)

    card = DEMO_LIBRARY_CARDS[0]
    k.sim(f"tap {card.number}")
    k.until(lambda: k.view.screen == Screen.PIN)
    for digit in card.pin:
        click(k, f"pin.digit.{digit}")
    click(k, "pin.ok")
    k.until(lambda: k.view.screen == Screen.SESSION)
    click(k, "session.finish")
    k.until(lambda: k.view.screen == Screen.HOME)

    k.sim("scan 35101000000104")  # Chengdu Library's: a return into the transit bin
    k.until(lambda: k.view.screen == Screen.RETURNS and settled(k, 1))
    speech.set_enabled(False)
    speech.close()

    # What was said is what the patron needed to hear: the titles, each PIN key as a key.
    spoken = [p.text for u in said for p in u if isinstance(p, Spoken)]
    assert "白鹿原" in spoken and "三体Ⅱ·黑暗森林" in spoken
    assert said.count((DIGIT_ENTERED,)) == len(card.pin)
    assert Prompt("route.transit") in [p for u in said for p in u]

    secrets = {
        ZHANG_SAN.name,
        mask_name(ZHANG_SAN.name),
        ZHANG_SAN.id_number,
        ZHANG_SAN.id_number[-4:],
        card.name,
        mask_name(card.name),
        card.number,
        card.number[-4:],
        card.pin,
        CQL_BOOK,
        CDL_BOOK,
    }
    for text in words(said):
        for secret in secrets:
            assert secret not in text, f"{secret!r} said aloud in {text!r}"
