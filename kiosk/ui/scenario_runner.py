"""Runs a scenario script against the full demo app, waiting on conditions, never on luck."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QLabel, QListWidget, QWidget

from drivers.events import LinkState
from drivers.rfid.feig.reader import FeigReader
from drivers.sim.rfid_sim import FOREIGN_UID, GARBAGE_UID
from kiosk.app import KioskApp
from kiosk.core.speech_script import Prompt, Say, Spoken
from kiosk.demo_env import DemoEnvironment
from kiosk.demo_tags import demo_uid
from kiosk.scenario_measure import (
    ARRIVAL_VERBS,
    PATRON_VERBS,
    UNTIMED_VERBS,
    ActionFigures,
    Measure,
    NewText,
    count_words,
)
from kiosk.scenario_script import Step

# How long an expectation may take to come true (the service, the devices, the screen).
EXPECT_TIMEOUT_S = float(os.environ.get("KIOSK_EXPECT_TIMEOUT_S", "15"))
PAD_STEPS = frozenset(
    {"put-tag", "lift-tag", "put-foreign-tag", "put-garbage-tag", "fail-next-write"}
)


class StepFailed(Exception):
    pass


def _run_loop(until: Callable[[], bool], seconds: float) -> bool:
    """Run a real Qt event loop until ``until()`` is true or ``seconds`` pass; True if it came
    true. A posted event (a device's scan, a worker's result) wakes the loop at once, where
    polling processEvents() would add its own sleep to every hand-off."""
    loop = QEventLoop()
    check = QTimer()
    check.setInterval(2)  # how often the condition is looked at; events never wait on it

    def quit_when_true() -> None:
        if until():
            loop.quit()

    check.timeout.connect(quit_when_true)
    QTimer.singleShot(max(0, int(seconds * 1000)), loop.quit)
    check.start()
    if not until():
        loop.exec()
    check.stop()
    # Deletions asked for with deleteLater() inside the loop happen now, not at the end of the
    # script: a long script must not keep every widget it ever removed.
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    return bool(until())


def pump(seconds: float) -> None:
    """Let the GUI run for ``seconds`` (events, timers, queued signals)."""
    deadline = time.monotonic() + seconds
    _run_loop(lambda: time.monotonic() >= deadline, seconds)


def wait_for(condition: Callable[[], bool], timeout: float = EXPECT_TIMEOUT_S) -> bool:
    return _run_loop(condition, timeout)


def visible_texts(root: QWidget) -> list[str]:
    texts = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisible():
            continue
        if isinstance(widget, QLabel | QAbstractButton):
            texts.append(widget.text())
        elif isinstance(widget, QListWidget):
            texts += [widget.item(i).text() for i in range(widget.count())]
        for label in widget.findChildren(QLabel, options=Qt.FindChildOption.FindDirectChildrenOnly):
            if label.isVisible():
                texts.append(label.text())
    return texts


def measure_texts(root: QWidget) -> list[str]:
    """Every text a patron could read now, once each: labels, buttons, list items."""
    texts = []
    for widget in root.findChildren(QWidget):
        if not widget.isVisible():
            continue
        if isinstance(widget, QLabel | QAbstractButton):
            texts.append(widget.text())
        elif isinstance(widget, QListWidget):
            texts += [widget.item(i).text() for i in range(widget.count())]
    return texts


class ScenarioRunner:
    def __init__(self, kiosk: KioskApp, env: DemoEnvironment, say: Callable[[str], None]) -> None:
        self.kiosk = kiosk
        self.env = env
        self.say = say
        self.window: QWidget = kiosk.window
        self.measure = Measure()
        self._new_text: NewText | None = None
        self._action: ActionFigures | None = None
        self._clock: float | None = None  # when the current action began; None: not timed
        self._untimed = 0.0  # time the current action's steps of their own took
        # Everything said aloud, part by part; expect-speech looks from the cursor on.
        self._said: list[Say] = []
        self._heard = 0
        speech = getattr(self.window, "speech", None)
        if speech is not None:
            speech.said.connect(self._on_said)
            if os.environ.get("QT_QPA_PLATFORM") == "offscreen":
                # Nobody listens to an offscreen run, and the machine may have no sound card:
                # ALSA's null PCM takes the audio, and the scenario checks what was said.
                speech.use_device("null")

    def run(self, steps: list[Step]) -> int:
        """0 when every step holds; 1 with the failing line printed."""
        languages = getattr(self.window, "languages", None)
        self.measure.language = languages.language if languages is not None else ""
        self._new_text = NewText(measure_texts(self.window))
        self.measure.start_words = self._new_text.start_words
        for step in steps:
            started = time.monotonic()
            if step.verb not in ARRIVAL_VERBS | UNTIMED_VERBS:
                self._look()  # what the previous step brought, up to this one
                # `wait` or a tester's act: what follows is not a patron action's doing, but its
                # words are counted too (an idle warning is read when the patron is back).
                patron = step.verb in PATRON_VERBS
                self._action = ActionFigures(step.line, step.text, patron)
                self.measure.actions.append(self._action)
                self._clock, self._untimed = None, 0.0
                if patron:
                    self.measure.count(step.verb)
                    self._clock = started
            try:
                self._step(step)
            except StepFailed as exc:
                self.say(f"FAIL line {step.line}: {step.text}\n     {exc}")
                return 1
            took = time.monotonic() - started
            if step.verb in UNTIMED_VERBS:
                self._untimed += took
            elif step.verb in ARRIVAL_VERBS:
                if self._clock is not None and self._action is not None:
                    self._action.kiosk_s = time.monotonic() - self._clock - self._untimed
                self._look()
            self.say(f"ok   line {step.line}: {step.text}  ({took:.2f} s)")
        self._look()
        self.measure.kiosk_s = sum(a.kiosk_s for a in self.measure.actions)
        self.measure.spoken = len(self._said)
        self.measure.said = [p.key if isinstance(p, Prompt) else p.text for p in self._said]
        self.say(f"all {len(steps)} steps held")
        self.say(self.measure.line())
        return 0

    def _on_said(self, says: tuple[Say, ...]) -> None:
        self._said.extend(says)

    def _look(self) -> None:
        """Count the words newly on screen, for the action that brought them."""
        assert self._new_text is not None
        lines = self._new_text.look(measure_texts(self.window))
        words = sum(count_words(line) for line in lines)
        if self._action is not None:
            self._action.lines += lines
            self._action.words += words
            self.measure.words += words
        else:
            self.measure.start_words += words

    def _step(self, step: Step) -> None:
        verb, args = step.verb, step.args
        if verb in ("card", "remove-card", "scan", "unplug", "replug", "garbage", "present"):
            line = step.text if verb != "present" else f"tap {args[0]}"
            self.env.console.execute(line)
        elif verb in PAD_STEPS:
            self._pad(verb, args)
        elif verb == "tap":
            self._tap(args[0])
        elif verb == "hold":
            self._hold(args[0], float(args[1]))
        elif verb == "expect-screen":
            self._expect_screen(args[0])
        elif verb == "expect-text":
            text = self._in_language(args)
            if not wait_for(lambda: any(text in t for t in visible_texts(self.window))):
                raise StepFailed(f"no visible text contains {text!r}")
        elif verb == "expect-no-text":
            text = self._in_language(args)
            pump(0.2)
            if any(text in t for t in visible_texts(self.window)):
                raise StepFailed(f"text {text!r} is still on screen")
        elif verb in ("expect-visible", "expect-hidden"):
            self._expect_shown(args[0], verb == "expect-visible")
        elif verb == "expect-speech":
            self._expect_speech(args[0])
        elif verb == "lang":
            self._tap("lang.zh" if args[0] == "zh" else "lang.en")
        elif verb == "service":
            self._service(args[0] == "up")
        elif verb == "wait":
            pump(float(args[0]))
        elif verb == "screenshot":
            Path(args[0]).parent.mkdir(parents=True, exist_ok=True)
            pump(0.05)
            if not self.window.grab().save(args[0]):
                raise StepFailed(f"could not write {args[0]}")

    def _in_language(self, args: tuple[str, ...]) -> str:
        """The first text, or the second while the kiosk speaks English."""
        languages = getattr(self.window, "languages", None)
        english = languages is not None and languages.language == "en"
        return args[1] if english and len(args) > 1 else args[0]

    def _expect_shown(self, name: str, shown: bool) -> None:
        def holds() -> bool:
            widget = self.window.findChild(QWidget, name)
            return widget is not None and widget.isVisible() == shown

        if not wait_for(holds):
            raise StepFailed(f"{name!r} is {'not ' if shown else ''}visible")

    def _expect_speech(self, wanted: str) -> None:
        """Said since the last thing expected to be said: a prompt by key, or spoken words."""
        found: list[int] = []

        def heard() -> bool:
            if found:
                return True  # the loop asks once more after it came true
            for i in range(self._heard, len(self._said)):
                part = self._said[i]
                if (isinstance(part, Prompt) and part.key == wanted) or (
                    isinstance(part, Spoken) and wanted in part.text
                ):
                    found.append(i)
                    return True
            return False

        if wait_for(heard):
            self._heard = found[0] + 1
        else:
            later = self._said[self._heard :]
            said = ", ".join(p.key if isinstance(p, Prompt) else p.text for p in later)
            raise StepFailed(f"{wanted!r} was not said (since the last: {said or 'nothing'})")

    def _expect_screen(self, name: str) -> None:
        controller = self.kiosk.controller
        if name == "offline":
            ok = wait_for(lambda: controller.view.offline)
        elif name == "technician":
            # Not a state of the patron session: technician mode shows its own screen.
            screen = self.window.findChild(QWidget, "screen.technician")
            ok = wait_for(lambda: screen is not None and screen.isVisible())
        else:
            ok = wait_for(
                lambda: (
                    str(controller.view.screen) == name
                    and not getattr(self.window, "taken_over", False)
                )
            )
        if not ok:
            shown = "technician mode" if getattr(self.window, "taken_over", False) else ""
            raise StepFailed(f"screen is {shown or controller.view.screen}, not {name}")

    def _find(self, target: str) -> QWidget | None:
        widget = self.window.findChild(QWidget, target)
        if widget is not None and widget.isVisible() and widget.isEnabled():
            return widget
        for button in self.window.findChildren(QAbstractButton):
            if button.isVisible() and button.isEnabled() and target in button.text():
                return button
        return None

    def _await(self, target: str, verb: str) -> QWidget:
        found: list[QWidget] = []

        def visible() -> bool:
            widget = self._find(target)
            if widget is not None:
                found.append(widget)
            return widget is not None

        if not wait_for(visible):
            raise StepFailed(f"nothing visible to {verb} called {target!r}")
        return found[-1]

    def _tap(self, target: str) -> None:
        widget = self._await(target, "tap")
        if isinstance(widget, QAbstractButton):
            QTest.mouseClick(widget, Qt.MouseButton.LeftButton)
        else:
            QTest.mouseClick(widget, Qt.MouseButton.LeftButton, pos=widget.rect().center())

    def _hold(self, target: str, seconds: float) -> None:
        """Press ``target`` and keep the finger on it for ``seconds`` (a long press)."""
        widget = self._await(target, "hold")
        centre = widget.rect().center()
        QTest.mousePress(widget, Qt.MouseButton.LeftButton, pos=centre)
        pump(seconds)
        QTest.mouseRelease(widget, Qt.MouseButton.LeftButton, pos=centre)

    def _pad(self, verb: str, args: tuple[str, ...]) -> None:
        """A tag put on the pad (a demo book's, by barcode) or lifted; each waits until the
        pad's reader has read the tag or seen it go, as a hand takes its time: a book lifted
        and put back is a new arrival, never a blink the reader missed."""
        pad = self.env.pad
        target = args[0] if args else ""
        uid = target.upper() if len(target) == 16 else demo_uid(target)
        try:
            if verb == "fail-next-write":
                pad.sim.fail_next_write(uid if args else None)
                return
            if verb == "lift-tag":
                gone = [t.uid for t in pad.on_pad()] if target.lower() == "all" else [uid]
                pad.lift(target)
                self._await_pad(gone, present=False)
                return
            if verb == "put-tag":
                pad.put(target)
            elif verb == "put-foreign-tag":
                uid = FOREIGN_UID
                pad.put_foreign()
            else:
                uid = GARBAGE_UID
                pad.put_garbage()
        except ValueError as exc:
            raise StepFailed(str(exc)) from None
        self._await_pad([uid], present=True)

    def _await_pad(self, uids: list[str], *, present: bool) -> None:
        reader = self.kiosk.services.drivers.get("rfid_reader")
        if not isinstance(reader, FeigReader) or reader.state != LinkState.CONNECTED:
            return  # no pad configured, or its cable out: nothing reads the tag

        def seen() -> bool:
            found = set(reader.present_tags())
            return all((uid in found) == present for uid in uids)

        if not wait_for(seen):
            raise StepFailed(
                f"the pad's reader did not see the tag(s) {'arrive' if present else 'go'}"
            )

    def _service(self, up: bool) -> None:
        service = self.env.library_side
        assert service is not None
        # Starting a process takes a moment: do it off the GUI thread and keep pumping.
        done = threading.Event()
        errors: list[BaseException] = []

        def act() -> None:
            try:
                service.start() if up else service.stop()
            except BaseException as exc:  # reported below, on the GUI thread
                errors.append(exc)
            finally:
                done.set()

        thread = threading.Thread(target=act, name="scenario-service")
        thread.start()
        wait_for(done.is_set, 60)
        thread.join(5)
        if errors:
            raise StepFailed(f"service {'up' if up else 'down'} failed: {errors[0]}")
